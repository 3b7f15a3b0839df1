using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace FraudActors.Gateway.Metrics;

/// <summary>
/// Renders aggregates in the Prometheus text exposition format (0.0.4). Names follow the OpenTelemetry-to-Prometheus
/// convention, so dashboards written for that exporter read these too: dots become underscores, the unit becomes a
/// suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotations such as <c>{decision}</c> add none), and
/// counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The content type of the text exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<InstrumentAggregate> aggregates)
    {
        var text = new StringBuilder(16 * 1024);

        // Several instruments may map to one name (one name in two meters): one HELP and TYPE, then all their series.
        foreach (var family in aggregates.GroupBy(a => MetricName(a.Instrument.Name, a.Instrument.Unit, a.Kind)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            var type = TypeOf(first.Kind);
            text.Append("# HELP ").Append(family.Key).Append(' ').Append(EscapeHelp(first.Instrument.Description ?? first.Instrument.Name)).Append('\n');
            text.Append("# TYPE ").Append(family.Key).Append(' ').Append(type).Append('\n');
            foreach (var aggregate in family.Where(a => TypeOf(a.Kind) == type))
            {
                foreach (var (labels, series) in aggregate.Series.Select(s => (Labels(s.Key), s.Value)).OrderBy(s => s.Item1, StringComparer.Ordinal))
                {
                    if (aggregate.Kind == InstrumentKind.Histogram)
                    {
                        WriteHistogram(text, family.Key, labels, aggregate.Bounds, series);
                    }
                    else
                    {
                        WriteSample(text, family.Key, labels, extraLabel: null, series.Value);
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The Prometheus name of an instrument: sanitised, with its unit's suffix and, for counters, <c>_total</c>.</summary>
    public static string MetricName(string name, string? unit, InstrumentKind kind)
    {
        var sanitised = Sanitise(name, allowColon: true);
        if (UnitSuffix(unit) is { } suffix && !sanitised.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            sanitised += "_" + suffix;
        }

        if (kind is InstrumentKind.MonotonicSum or InstrumentKind.ObservedTotal && !sanitised.EndsWith("_total", StringComparison.Ordinal))
        {
            sanitised += "_total";
        }

        return sanitised;
    }

    /// <summary>Replaces every character outside <c>[a-zA-Z0-9_]</c> (and <c>:</c> in metric names) with <c>_</c>; a leading digit gets a <c>_</c> before it.</summary>
    public static string Sanitise(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            result.Append('_');
        }

        foreach (var c in name)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        return result.ToString();
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value or bucket bound as the format spells it (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>).</summary>
    public static string FormatNumber(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');   // as Go's clients write it: le="1e-05", not "1E-05"

    private static void WriteHistogram(StringBuilder text, string name, string labels, double[] bounds, Series series)
    {
        // Read the count first: a measurement landing during the read then makes the buckets larger, never the count
        // larger than +Inf; +Inf and _count take the larger, so the buckets stay cumulative and end at the count.
        var count = series.Count;
        var sum = series.Value;
        var cumulative = 0L;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += series.Bucket(i);
            WriteSample(text, name + "_bucket", labels, "le=\"" + FormatNumber(bounds[i]) + "\"", cumulative);
        }

        var total = Math.Max(count, cumulative);
        WriteSample(text, name + "_bucket", labels, "le=\"+Inf\"", total);
        WriteSample(text, name + "_sum", labels, extraLabel: null, sum);
        WriteSample(text, name + "_count", labels, extraLabel: null, total);
    }

    private static void WriteSample(StringBuilder text, string name, string labels, string? extraLabel, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || extraLabel is not null)
        {
            text.Append('{').Append(labels);
            if (extraLabel is not null)
            {
                text.Append(labels.Length > 0 ? "," : string.Empty).Append(extraLabel);
            }

            text.Append('}');
        }

        text.Append(' ').Append(FormatNumber(value)).Append('\n');
    }

    private static string Labels(SeriesKey key)
    {
        if (key.Tags.Length == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in key.Tags)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(Sanitise(name, allowColon: false)).Append("=\"").Append(EscapeLabelValue(LabelValue(value))).Append('"');
        }

        return text.ToString();
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeOf(InstrumentKind kind) => kind switch
    {
        InstrumentKind.MonotonicSum or InstrumentKind.ObservedTotal => "counter",
        InstrumentKind.Histogram => "histogram",
        _ => "gauge",
    };

    private static string? UnitSuffix(string? unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "min" => "minutes",
        "h" => "hours",
        "d" => "days",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "%" => "percent",
        _ => null,
    };
}
