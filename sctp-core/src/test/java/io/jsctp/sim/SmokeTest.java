package io.jsctp.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void transferOneMegabyte() {
        ScenarioRun run = new ScenarioRun(new Scenario().bytes(1 << 20).messageSize(1200));
        new SimTracePrinter(System.out, false).attach(run.simulator());
        ScenarioResult r = run.run();
        System.out.println(r.summary());
        assertTrue(r.ok(), r.summary());
    }
}
