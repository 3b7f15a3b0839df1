namespace FraudActors.Ml.Drift;

/// <summary>
/// Bins cut at a reference sample's quantiles, for the population stability index. The bins are right-closed:
/// (−∞, e₁], (e₁, e₂], …, (eₖ, +∞). The edges are the reference's lower empirical quantiles at 1/n, 2/n, … (n the
/// number of bins asked for), deduplicated, without any edge equal to the reference's maximum (its bin would be empty
/// in the reference). So a feature with many ties gets fewer, wider bins instead of empty ones: a count that is mostly
/// zero gets the bin (−∞, 0] to itself, a 0/1 flag gets exactly two bins and a constant gets one.
/// </summary>
public sealed class QuantileBins
{
    private readonly double[] _edges;

    private QuantileBins(double[] edges) => _edges = edges;

    /// <summary>The interior edges, ascending and distinct; one bin more than edges.</summary>
    public ReadOnlySpan<double> Edges => _edges;

    /// <summary>Number of bins.</summary>
    public int Count => _edges.Length + 1;

    /// <summary>Cuts <paramref name="reference"/> into at most <paramref name="bins"/> bins at its quantiles.</summary>
    /// <exception cref="ArgumentException">The reference is empty or holds a NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is less than 1.</exception>
    public static QuantileBins FromReference(ReadOnlySpan<double> reference, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (reference.IsEmpty)
        {
            throw new ArgumentException("A reference needs at least one value.", nameof(reference));
        }

        var sorted = reference.ToArray();
        Array.Sort(sorted);
        if (double.IsNaN(sorted[^1]) || double.IsNaN(sorted[0]))
        {
            throw new ArgumentException("A reference value is NaN.", nameof(reference));
        }

        var n = sorted.Length;
        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            // The smallest value with at least k/bins of the reference at or below it.
            var position = (int)Math.Ceiling((double)k * n / bins) - 1;
            var edge = sorted[Math.Max(position, 0)];
            if (edge < sorted[^1] && (edges.Count == 0 || edge > edges[^1]))
            {
                edges.Add(edge);
            }
        }

        return new QuantileBins([.. edges]);
    }

    /// <summary>The bin of <paramref name="value"/>.</summary>
    public int BinOf(double value)
    {
        // The first edge at or above the value closes its bin; past the last edge is the last bin.
        var index = Array.BinarySearch(_edges, value);
        return index >= 0 ? index : ~index;
    }

    /// <summary>The share of <paramref name="values"/> in each bin (all zero when there are no values).</summary>
    /// <exception cref="ArgumentException">A value is NaN.</exception>
    public double[] Shares(ReadOnlySpan<double> values)
    {
        var shares = new double[Count];
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentException("A value is NaN.", nameof(values));
            }

            shares[BinOf(value)]++;
        }

        if (!values.IsEmpty)
        {
            for (var i = 0; i < shares.Length; i++)
            {
                shares[i] /= values.Length;
            }
        }

        return shares;
    }
}
