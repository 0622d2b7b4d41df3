package io.jsctp.engine.rx;

import java.util.Arrays;

/**
 * A hash map from {@code int} to an object, without boxing: open addressing with linear probing
 * and backward-shift deletion (no tombstones), so lookups stay short however many removals happen.
 * Keys are TSNs, which arrive nearly consecutive; a multiplicative (Fibonacci) hash spreads them.
 * The table grows at half full and shrinks again when an eighth full, so its size follows what is
 * held, not what was held once. Any int is a valid key; a null value marks an empty slot, so null
 * values cannot be stored.
 */
final class IntKeyMap<V> {
    private static final int MIN_CAPACITY = 16;

    private int[] keys;
    private Object[] values;
    private int size;
    private int shift;

    IntKeyMap() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new int[capacity];
        values = new Object[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    int size() {
        return size;
    }

    private int slot(int key) {
        return (key * 0x9E3779B9) >>> shift;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        if (size == 0) {
            return null;
        }
        int m = keys.length - 1;
        for (int i = slot(key); ; i = (i + 1) & m) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Maps key to value (not null), replacing any previous value. */
    void put(int key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null values are not stored");
        }
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int m = keys.length - 1;
        for (int i = slot(key); ; i = (i + 1) & m) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /** Removes the mapping of key if it maps to exactly {@code value}; answers whether it did. */
    boolean remove(int key, V value) {
        if (size == 0) {
            return false;
        }
        int m = keys.length - 1;
        int i = slot(key);
        while (true) {
            Object v = values[i];
            if (v == null) {
                return false;
            }
            if (keys[i] == key) {
                if (v != value) {
                    return false;
                }
                break;
            }
            i = (i + 1) & m;
        }
        // Backward-shift deletion: move later entries of the probe sequence into the hole when
        // their home slot does not lie (cyclically) between the hole and their current slot.
        int hole = i;
        for (int j = (hole + 1) & m; values[j] != null; j = (j + 1) & m) {
            int home = slot(keys[j]);
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            rehash(keys.length / 2);
        }
        return true;
    }

    void clear() {
        if (keys.length > MIN_CAPACITY) {
            allocate(MIN_CAPACITY);
        } else {
            Arrays.fill(values, null);
        }
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void rehash(int capacity) {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }
}
