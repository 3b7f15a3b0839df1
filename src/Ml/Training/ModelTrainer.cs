using System.Collections.Immutable;
using System.Globalization;
using FraudActors.Ml.Features;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Training;

/// <summary>Trains XGBoost models on a <see cref="TrainingSet"/> and returns them in XGBoost's JSON model format.</summary>
public static class ModelTrainer
{
    /// <summary>Trains a new model.</summary>
    /// <exception cref="ArgumentException">Invalid parameters.</exception>
    /// <exception cref="XGBoostException">XGBoost refused the parameters or the data.</exception>
    public static byte[] Train(TrainingSet set, BoosterParameters parameters, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var data = ToMatrix(set);
        using var booster = Booster.Train(data, parameters, progress, cancellationToken);
        return booster.SaveJson();
    }

    /// <summary>Fine-tunes: the parent's trees followed by more rounds boosted on <paramref name="set"/>.</summary>
    public static byte[] ContinueFrom(ReadOnlySpan<byte> parentModel, TrainingSet set, BoosterParameters parameters, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var parent = Booster.Load(parentModel);
        using var data = ToMatrix(set);
        using var booster = parent.ContinueTraining(data, parameters, progress, cancellationToken);
        return booster.SaveJson();
    }

    /// <summary>The parameters as XGBoost names them, for manifests.</summary>
    public static ImmutableSortedDictionary<string, string> Describe(BoosterParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var described = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        described["objective"] = parameters.Objective;
        described["tree_method"] = parameters.TreeMethod;
        described["max_depth"] = parameters.MaxDepth.ToString(CultureInfo.InvariantCulture);
        described["eta"] = parameters.Eta.ToString(CultureInfo.InvariantCulture);
        described["num_boost_round"] = parameters.Rounds.ToString(CultureInfo.InvariantCulture);
        described["seed"] = parameters.Seed.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in parameters.Extra)
        {
            described[name] = value;
        }

        return described.ToImmutable();
    }

    private static DMatrix ToMatrix(TrainingSet set)
    {
        var data = DMatrix.FromDense(set.Features, set.Rows, FeatureSchema.Count);
        try
        {
            data.SetLabels(set.Labels);
            data.SetFeatureNames(FeatureSchema.Names);
            return data;
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }
}
