namespace FraudActors.Gateway.Transactions;

/// <summary>The validation rules of one request, fixed at its arrival (the clock is read once).</summary>
internal readonly record struct ScoreRequestRules(int MaxIdLength, decimal MaxAmount, DateTimeOffset Earliest, DateTimeOffset Latest)
{
    public static ScoreRequestRules From(GatewayOptions options, TimeProvider clock) =>
        new(options.MaxIdLength, options.MaxAmount, options.EarliestTimestamp, clock.GetUtcNow() + options.MaxClockSkew);
}
