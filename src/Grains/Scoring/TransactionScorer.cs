using System.Collections.Immutable;
using FraudActors.Grains.Interfaces;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Scoring;

/// <summary>
/// From windows to decision: the 15 features (by the same code as the batch twin), the score, the decision by
/// thresholds, and the reasons. Pure: no state, no I/O.
/// </summary>
public sealed class TransactionScorer
{
    private readonly ScoringOptions _options;

    /// <summary>Creates the scorer.</summary>
    public TransactionScorer(IOptions<ScoringOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
    }

    /// <summary>Scores one transaction whose windows are known.</summary>
    public ScoreResult Score(
        ScoringModel model,
        ScoreRequest request,
        in CustomerWindowFeatures customer,
        in TerminalWindowFeatures terminal,
        DateTimeOffset decidedAt) => Score(model, shadow: null, request, customer, terminal, decidedAt);

    /// <summary>Scores one transaction with <paramref name="model"/>, and with <paramref name="shadow"/> alongside when given.</summary>
    public ScoreResult Score(
        ScoringModel model,
        ScoringModel? shadow,
        ScoreRequest request,
        in CustomerWindowFeatures customer,
        in TerminalWindowFeatures terminal,
        DateTimeOffset decidedAt)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        Span<double> values = stackalloc double[FeatureSchema.Count];
        Span<float> inputs = stackalloc float[FeatureSchema.Count];
        var seconds = request.Timestamp.ToUnixTimeSeconds();
        TransactionFeatures.Write(seconds, request.AmountCents, customer, terminal, values);
        TransactionFeatures.Write(seconds, request.AmountCents, customer, terminal, inputs);

        var score = model.Score(inputs);
        var decision = Decide(score);

        var exact = _options.Explanations == ExplanationPolicy.Exact
            || (_options.Explanations == ExplanationPolicy.ExactWhenFlagged && decision != Decision.Approve);
        Span<float> contributions = stackalloc float[FeatureSchema.Count + 1];
        model.Explain(inputs, exact, contributions);

        var features = ImmutableArray.CreateBuilder<FeatureValue>(FeatureSchema.Count);
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            features.Add(new FeatureValue(FeatureSchema.Names[i], values[i]));
        }

        return new ScoreResult(
            request.TransactionId,
            score,
            decision,
            model.Version,
            TopReasons(contributions[..FeatureSchema.Count], values, _options.ReasonCount),
            exact ? ExplanationMethod.TreeShap : ExplanationMethod.PathAttribution,
            features.MoveToImmutable(),
            decidedAt,
            Replayed: false,
            shadow is null ? null : ShadowOf(shadow, inputs));
    }

    private ShadowScore ShadowOf(ScoringModel shadow, ReadOnlySpan<float> inputs)
    {
        var score = shadow.Score(inputs);
        return new ShadowScore(shadow.Version, score, Decide(score));
    }

    private Decision Decide(double score) =>
        score >= _options.DeclineThreshold ? Decision.Decline
        : score >= _options.ReviewThreshold ? Decision.Review
        : Decision.Approve;

    /// <summary>The <paramref name="count"/> largest contributions, largest first (ties: schema order).</summary>
    internal static ImmutableArray<Reason> TopReasons(ReadOnlySpan<float> contributions, ReadOnlySpan<double> values, int count)
    {
        count = Math.Min(count, contributions.Length);
        var reasons = ImmutableArray.CreateBuilder<Reason>(count);
        Span<bool> taken = stackalloc bool[contributions.Length];
        for (var r = 0; r < count; r++)
        {
            var best = -1;
            for (var i = 0; i < contributions.Length; i++)
            {
                if (!taken[i] && (best < 0 || contributions[i] > contributions[best]))
                {
                    best = i;
                }
            }

            taken[best] = true;
            reasons.Add(new Reason(FeatureSchema.Names[best], values[best], contributions[best]));
        }

        return reasons.MoveToImmutable();
    }
}
