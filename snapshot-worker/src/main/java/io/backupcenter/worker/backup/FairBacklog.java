package io.backupcenter.worker.backup;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The backups a worker has received and not started, in the order it starts them: on-demand ("Back up now") before
 * scheduled, and within each, the vaults in turn — the next backup comes from the vault whose turn it is, first in
 * first out within a vault — so a vault with a thousand due items cannot hold back another vault's backups. Not
 * thread-safe: {@link BackupQueue} guards it.
 *
 * @param <E> what is queued
 */
final class FairBacklog<E> {

    /** One class of backups: a queue per vault, served in turn. */
    private static final class Lane<E> {
        /** In turn order: the vault whose turn it is first; a vault goes last once served. */
        private final LinkedHashMap<String, Deque<E>> vaults = new LinkedHashMap<>();

        void add(String vault, E element) {
            vaults.computeIfAbsent(vault, v -> new ArrayDeque<>()).addLast(element);
        }

        E poll() {
            Iterator<Map.Entry<String, Deque<E>>> turn = vaults.entrySet().iterator();
            if (!turn.hasNext()) {
                return null;
            }
            Map.Entry<String, Deque<E>> first = turn.next();
            E element = first.getValue().pollFirst();
            turn.remove();
            if (!first.getValue().isEmpty()) {
                vaults.put(first.getKey(), first.getValue());
            }
            return element;
        }

        int removeIf(Predicate<E> condition) {
            int removed = 0;
            for (Iterator<Deque<E>> queues = vaults.values().iterator(); queues.hasNext(); ) {
                Deque<E> queue = queues.next();
                int before = queue.size();
                queue.removeIf(condition);
                removed += before - queue.size();
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
            return removed;
        }
    }

    private final Lane<E> onDemand = new Lane<>();
    private final Lane<E> scheduled = new Lane<>();
    private int size;
    private int onDemandSize;

    void add(E element, String vault, boolean isOnDemand) {
        (isOnDemand ? onDemand : scheduled).add(vault, element);
        size++;
        if (isOnDemand) {
            onDemandSize++;
        }
    }

    /** The next backup to start, on-demand first; null when there is none. */
    E pollAny() {
        E element = pollOnDemand();
        if (element != null) {
            return element;
        }
        element = scheduled.poll();
        if (element != null) {
            size--;
        }
        return element;
    }

    /** The next on-demand backup; null when there is none. */
    E pollOnDemand() {
        E element = onDemand.poll();
        if (element != null) {
            size--;
            onDemandSize--;
        }
        return element;
    }

    /** Takes out every queued backup that meets {@code condition}; how many. */
    int removeIf(Predicate<E> condition) {
        int removedOnDemand = onDemand.removeIf(condition);
        int removed = removedOnDemand + scheduled.removeIf(condition);
        onDemandSize -= removedOnDemand;
        size -= removed;
        return removed;
    }

    int size() {
        return size;
    }

    int onDemandSize() {
        return onDemandSize;
    }
}
