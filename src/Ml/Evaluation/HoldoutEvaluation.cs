using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Ml.Trees;

namespace FraudActors.Ml.Evaluation;

/// <summary>Scores a split's test rows with a model and measures them on the handbook protocol.</summary>
public static class HoldoutEvaluation
{
    /// <summary>Predicts every test row of <paramref name="split"/> and builds the report.</summary>
    public static EvaluationReport Evaluate(string modelName, TreeEnsemble model, LabelledDataset dataset, HandbookSplit split)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(split);
        var rows = split.TestRows;
        var scores = new double[rows.Length];
        Span<float> input = stackalloc float[FeatureSchema.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = dataset.Features.Row(rows[i]);
            for (var j = 0; j < FeatureSchema.Count; j++)
            {
                input[j] = (float)row[j];
            }

            scores[i] = model.PredictProbability(input);
        }

        return EvaluationReport.Create(modelName, split, dataset.Transactions, scores);
    }
}
