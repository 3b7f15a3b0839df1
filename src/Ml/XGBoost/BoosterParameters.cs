using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;

namespace FraudActors.Ml.XGBoost;

/// <summary>
/// Training parameters, applied to the booster through <c>XGBoosterSetParam</c>. Defaults are XGBoost 1.7's library
/// defaults as they resolve on the handbook's data (<c>tree_method=exact</c>, reference §6), which is what reproduces the
/// book's scores. Anything not named here goes in <see cref="Extra"/> under XGBoost's own parameter name.
/// </summary>
public sealed record BoosterParameters
{
    /// <summary>Learning objective (<c>objective</c>).</summary>
    public string Objective { get; init; } = "binary:logistic";

    /// <summary>Tree construction algorithm (<c>tree_method</c>): exact, approx, hist or auto.</summary>
    public string TreeMethod { get; init; } = "exact";

    /// <summary>Maximum tree depth (<c>max_depth</c>); 0 means unlimited where the tree method allows it.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Learning rate (<c>eta</c>), in (0, 1].</summary>
    public double Eta { get; init; } = 0.3;

    /// <summary>Number of boosting rounds: trees added by <see cref="Booster.Train"/> or <see cref="Booster.ContinueTraining"/>.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Native threads XGBoost uses (<c>nthread</c>); defaults to the machine's processor count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Random seed (<c>seed</c>).</summary>
    public int Seed { get; init; }

    /// <summary>Evaluation metric for <see cref="Booster.Evaluate"/> (<c>eval_metric</c>, e.g. <c>auc</c>); null keeps the objective's default.</summary>
    public string? EvalMetric { get; init; }

    /// <summary>Further XGBoost parameters by their native name (e.g. <c>min_child_weight</c>, <c>subsample</c>).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Native names (and aliases) that have a typed property here; putting them in <see cref="Extra"/> is refused.</summary>
    private static readonly FrozenDictionary<string, string> TypedNames = new Dictionary<string, string>
    {
        ["objective"] = nameof(Objective),
        ["tree_method"] = nameof(TreeMethod),
        ["max_depth"] = nameof(MaxDepth),
        ["eta"] = nameof(Eta),
        ["learning_rate"] = nameof(Eta),
        ["nthread"] = nameof(Threads),
        ["n_jobs"] = nameof(Threads),
        ["seed"] = nameof(Seed),
        ["random_state"] = nameof(Seed),
        ["eval_metric"] = nameof(EvalMetric),
        ["num_boost_round"] = nameof(Rounds),
        ["n_estimators"] = nameof(Rounds),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly ImmutableHashSet<string> TreeMethods =
        ImmutableHashSet.Create(StringComparer.Ordinal, "auto", "exact", "approx", "hist", "gpu_hist");

    /// <summary>Checks every value; the exception names the offending parameter.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range or an <see cref="Extra"/> entry is invalid.</exception>
    public void Validate()
    {
        RequireToken(Objective, nameof(Objective));
        RequireToken(TreeMethod, nameof(TreeMethod));
        if (!TreeMethods.Contains(TreeMethod))
        {
            throw new ArgumentException(
                $"{nameof(TreeMethod)} '{TreeMethod}' is not one of {string.Join(", ", TreeMethods.Order(StringComparer.Ordinal))}.",
                nameof(TreeMethod));
        }

        if (MaxDepth < 0)
        {
            throw new ArgumentException($"{nameof(MaxDepth)} must be 0 (unlimited) or positive, got {MaxDepth}.", nameof(MaxDepth));
        }

        if (!double.IsFinite(Eta) || Eta <= 0 || Eta > 1)
        {
            throw new ArgumentException($"{nameof(Eta)} must be in (0, 1], got {Eta.ToString(CultureInfo.InvariantCulture)}.", nameof(Eta));
        }

        if (Rounds < 1)
        {
            throw new ArgumentException($"{nameof(Rounds)} must be at least 1, got {Rounds}.", nameof(Rounds));
        }

        if (Threads < 1)
        {
            throw new ArgumentException($"{nameof(Threads)} must be at least 1, got {Threads}.", nameof(Threads));
        }

        if (EvalMetric is not null)
        {
            RequireToken(EvalMetric, nameof(EvalMetric));
        }

        if (Extra is null)
        {
            throw new ArgumentException($"{nameof(Extra)} must not be null; use an empty dictionary.", nameof(Extra));
        }

        foreach (var (name, value) in Extra)
        {
            RequireToken(name, $"{nameof(Extra)} key");
            if (TypedNames.TryGetValue(name, out var property))
            {
                throw new ArgumentException(
                    $"{nameof(Extra)}['{name}'] duplicates {nameof(BoosterParameters)}.{property}; set that property instead.",
                    nameof(Extra));
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{nameof(Extra)}['{name}'] has an empty value.", nameof(Extra));
            }
        }
    }

    /// <summary>The parameters as XGBoost name/value pairs, typed ones first, <see cref="Extra"/> in ordinal key order.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> ToNative()
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("objective", Objective),
            new("tree_method", TreeMethod),
            new("max_depth", MaxDepth.ToString(CultureInfo.InvariantCulture)),
            new("eta", Eta.ToString("R", CultureInfo.InvariantCulture)),
            new("nthread", Threads.ToString(CultureInfo.InvariantCulture)),
            new("seed", Seed.ToString(CultureInfo.InvariantCulture)),
        };
        if (EvalMetric is not null)
        {
            list.Add(new("eval_metric", EvalMetric));
        }

        list.AddRange(Extra.OrderBy(p => p.Key, StringComparer.Ordinal));
        return list;
    }

    /// <summary>Value equality, including the contents of <see cref="Extra"/> (records compare dictionaries by reference).</summary>
    public bool Equals(BoosterParameters? other) =>
        other is not null
        && Objective == other.Objective
        && TreeMethod == other.TreeMethod
        && MaxDepth == other.MaxDepth
        && Eta.Equals(other.Eta)
        && Rounds == other.Rounds
        && Threads == other.Threads
        && Seed == other.Seed
        && EvalMetric == other.EvalMetric
        && Extra.Count == other.Extra.Count
        && Extra.All(p => other.Extra.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Objective);
        hash.Add(TreeMethod);
        hash.Add(MaxDepth);
        hash.Add(Eta);
        hash.Add(Rounds);
        hash.Add(Threads);
        hash.Add(Seed);
        hash.Add(EvalMetric);
        foreach (var (key, value) in Extra.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    private static void RequireToken(string? value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"{parameter} must be a non-empty name without spaces, got '{value}'.", parameter);
        }
    }
}
