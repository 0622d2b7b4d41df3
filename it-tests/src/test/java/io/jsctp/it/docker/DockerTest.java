package io.jsctp.it.docker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a container test class: tags it {@code docker} (so {@code -Dit.groups=docker} selects it)
 * and skips it, test by test and with the reason, when no Docker engine answers or the jsctp
 * image is missing. Its {@code @BeforeAll} then does not run at all, so it may start containers
 * without further checks (call {@link DockerSupport#requireReady()} first for a clear message in
 * the {@code JSCTP_REQUIRE_DOCKER} case).
 *
 * <p>A condition rather than an assumption in {@code @BeforeAll}: Maven Surefire reports every
 * test of a class disabled by a condition as skipped with the reason, but a class aborted in
 * {@code @BeforeAll} as zero tests run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("docker")
@ExtendWith(DockerTest.Condition.class)
public @interface DockerTest {

    /** Enables the class only where containers can run (or where Docker is required). */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String reason = DockerSupport.whyNotReady();
            if (reason == null) {
                return ConditionEvaluationResult.enabled("Docker engine and " + DockerSupport.IMAGE + " ready");
            }
            if (DockerSupport.dockerRequired()) {
                // Run, so that the tests fail: JSCTP_REQUIRE_DOCKER forbids skipping.
                return ConditionEvaluationResult.enabled("Docker required but " + reason);
            }
            return ConditionEvaluationResult.disabled("container test skipped: " + reason);
        }
    }
}
