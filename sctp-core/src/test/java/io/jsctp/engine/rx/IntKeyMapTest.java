package io.jsctp.engine.rx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IntKeyMapTest {

    @Test
    void removeOnlyWhenMappedToThatValue() {
        IntKeyMap<String> map = new IntKeyMap<>();
        map.put(0, "a");
        map.put(-1, "b");
        assertFalse(map.remove(0, "b"));
        assertEquals("a", map.get(0));
        assertTrue(map.remove(0, "a"));
        assertNull(map.get(0));
        assertEquals("b", map.get(-1));
        assertEquals(1, map.size());
        assertThrows(IllegalArgumentException.class, () -> map.put(1, null));
    }

    @Property(tries = 200)
    void behavesLikeHashMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int operations,
                            @ForAll @IntRange(min = 1, max = 5000) int keySpread) {
        Random random = new Random(seed);
        IntKeyMap<Integer> map = new IntKeyMap<>();
        Map<Integer, Integer> model = new HashMap<>();
        int base = random.nextInt();
        for (int i = 0; i < operations; i++) {
            // Nearly consecutive keys, as TSNs are, around an arbitrary base (wrap-around included).
            int key = base + random.nextInt(keySpread);
            switch (random.nextInt(4)) {
                case 0:
                case 1:
                    Integer value = i; // one object: remove(key, value) compares identity
                    map.put(key, value);
                    model.put(key, value);
                    break;
                case 2:
                    Integer current = model.get(key);
                    if (current != null) {
                        assertTrue(map.remove(key, current));
                        model.remove(key);
                    } else {
                        assertFalse(map.remove(key, i));
                    }
                    break;
                default:
                    assertEquals(model.get(key), map.get(key));
            }
            assertEquals(model.size(), map.size());
        }
        for (Map.Entry<Integer, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
        for (Map.Entry<Integer, Integer> e : model.entrySet()) { // drain: exercises shrinking
            assertTrue(map.remove(e.getKey(), e.getValue()));
        }
        assertEquals(0, map.size());
        map.clear();
        assertNull(map.get(base));
    }
}
