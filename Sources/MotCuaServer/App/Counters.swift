import Foundation
public import Prometheus

/// The product's counters, named `motcua_<name>_total` with help text for /metrics.
public enum Counters {
    /// Submissions logged, by channel.
    public static func dossiersLogged(_ registry: PrometheusCollectorRegistry, channel: String) -> Counter {
        counter(registry, "dossiers_logged", "Dossiers logged, by channel.", [("channel", channel)])
    }

    /// Actions performed, by action.
    public static func actions(_ registry: PrometheusCollectorRegistry, action: String) -> Counter {
        counter(registry, "actions", "Workflow actions performed, by action.", [("action", action)])
    }

    /// Deadline warnings recorded, by kind.
    public static func deadlineWarnings(_ registry: PrometheusCollectorRegistry, kind: String) -> Counter {
        counter(registry, "deadline_warnings", "Deadline warnings recorded (due_soon, overdue).", [("kind", kind)])
    }

    /// Delivery attempts, by channel and status.
    public static func deliveryAttempts(_ registry: PrometheusCollectorRegistry, channel: String, status: String) -> Counter {
        counter(registry, "delivery_attempts", "Delivery attempts, by channel and response status.", [("channel", channel), ("status", status)])
    }

    static func counter(_ registry: PrometheusCollectorRegistry, _ name: String, _ help: String, _ labels: [(String, String)]) -> Counter {
        made.counter(registry, key: labels.reduce(name) { "\($0)|\($1.0)=\($1.1)" }) {
            registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "motcua", metricName: name, unitName: "total", helpText: help),
                                 labels: labels)
        }
    }

    /// Counters already made: the registry's `makeCounter` validates the name and labels
    /// and takes its lock on every call, a few percent of a create's CPU.
    private static let made = MadeCounters()
}

/// Counters by registry and name with labels. A registry is kept alive while cached, so
/// its identity cannot be reused by another one.
final class MadeCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var byRegistry: [ObjectIdentifier: (registry: PrometheusCollectorRegistry, counters: [String: Counter])] = [:]

    func counter(_ registry: PrometheusCollectorRegistry, key: String, make: () -> Counter) -> Counter {
        let id = ObjectIdentifier(registry)
        if let hit = lock.withLock({ byRegistry[id]?.counters[key] }) { return hit }
        let counter = make()
        lock.withLock {
            byRegistry[id, default: (registry, [:])].counters[key] = counter
        }
        return counter
    }
}
