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
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "motcua", metricName: name, unitName: "total", helpText: help),
                             labels: labels)
    }
}
