namespace FraudActors.Ml.Features;

/// <summary>
/// The schema's window lengths and terminal delay in seconds, read once so the hot paths compare integers.
/// The feature results have exactly three windows, matching <see cref="FeatureSchema.WindowDays"/>.
/// </summary>
internal static class WindowSeconds
{
    public const int PerDay = 86_400;

    public static readonly int Short = FeatureSchema.WindowDays[0] * PerDay;
    public static readonly int Medium = FeatureSchema.WindowDays[1] * PerDay;
    public static readonly int Long = FeatureSchema.WindowDays[2] * PerDay;
    public static readonly int TerminalDelay = FeatureSchema.TerminalDelayDays * PerDay;
}
