namespace FraudActors.Ml.Drift;

/// <summary>
/// The population stability index (PSI): how far a recent sample's distribution has moved from a reference's.
/// <code>
/// PSI = Σᵢ (aᵢ − eᵢ) · ln(aᵢ / eᵢ)
/// </code>
/// over the bins of <see cref="QuantileBins"/> cut at the reference's quantiles, with eᵢ the reference's share of bin i
/// and aᵢ the recent sample's, each raised to <see cref="Epsilon"/> when smaller (a bin empty on one side would
/// otherwise make the index infinite; the shares are not renormalised). It is a symmetrised Kullback–Leibler
/// divergence, 0 for identical binned distributions and never negative. The usual reading (<see cref="Classify"/>):
/// below 0.1 stable, 0.1 to 0.25 a moderate shift, 0.25 and above significant.
/// </summary>
public static class PopulationStability
{
    /// <summary>Bins used when none are asked for: deciles of the reference.</summary>
    public const int DefaultBins = 10;

    /// <summary>The floor of a bin's share, so an empty bin counts as nearly, not exactly, empty.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>PSI below this is stable.</summary>
    public const double ModerateFrom = 0.1;

    /// <summary>PSI at or above this is a significant shift.</summary>
    public const double SignificantFrom = 0.25;

    /// <summary>The PSI between two share vectors over the same bins.</summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double Index(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> recentShares)
    {
        if (referenceShares.Length != recentShares.Length)
        {
            throw new ArgumentException($"The reference has {referenceShares.Length} bins, the recent sample {recentShares.Length}.", nameof(recentShares));
        }

        var psi = 0.0;
        for (var i = 0; i < referenceShares.Length; i++)
        {
            var e = Math.Max(referenceShares[i], Epsilon);
            var a = Math.Max(recentShares[i], Epsilon);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>The PSI of <paramref name="recent"/> against <paramref name="reference"/>, binned at the reference's quantiles.</summary>
    /// <exception cref="ArgumentException">The reference or the recent sample is empty, or either holds a NaN.</exception>
    public static double Compare(ReadOnlySpan<double> reference, ReadOnlySpan<double> recent, int bins = DefaultBins)
    {
        if (recent.IsEmpty)
        {
            throw new ArgumentException("A recent sample needs at least one value.", nameof(recent));
        }

        var cut = QuantileBins.FromReference(reference, bins);
        return Index(cut.Shares(reference), cut.Shares(recent));
    }

    /// <summary>The usual reading of a PSI value.</summary>
    public static DriftLevel Classify(double psi) =>
        psi >= SignificantFrom ? DriftLevel.Significant : psi >= ModerateFrom ? DriftLevel.Moderate : DriftLevel.Stable;
}
