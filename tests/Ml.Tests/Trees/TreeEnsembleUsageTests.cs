using FraudActors.Ml.Tests.TestData;

namespace FraudActors.Ml.Tests.Trees;

public sealed class TreeEnsembleUsageTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    [Fact]
    public void Scoring_and_contributions_allocate_nothing_after_warm_up()
    {
        var row = model.Data.Row(3).ToArray();
        var contributions = new float[16];
        for (var i = 0; i < 10; i++)
        {
            model.Ensemble.PredictProbability(row);
            model.Ensemble.SaabasContributions(row, contributions);
            model.Ensemble.ShapContributions(row, contributions);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sink = 0f;
        for (var i = 0; i < 200; i++)
        {
            sink += model.Ensemble.PredictProbability(row);
            model.Ensemble.SaabasContributions(row, contributions);
            model.Ensemble.ShapContributions(row, contributions);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sink > 0);
    }

    [Fact]
    public void Batch_probabilities_equal_row_by_row_probabilities()
    {
        var batch = new float[model.Data.Rows];

        model.Ensemble.PredictProbabilities(model.Data.Features, batch);

        for (var row = 0; row < batch.Length; row++)
        {
            Assert.Equal(model.Ensemble.PredictProbability(model.Data.Row(row)), batch[row]);
        }
    }

    [Fact]
    public void Eight_threads_computing_shap_on_one_ensemble_get_the_sequential_results()
    {
        const int rows = 120;
        var expected = new float[rows * 16];
        for (var r = 0; r < rows; r++)
        {
            model.Ensemble.ShapContributions(model.Data.Row(r), expected.AsSpan(r * 16, 16));
        }

        var results = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var mine = new float[rows * 16];
            for (var k = 0; k < rows; k++)
            {
                var r = (k + (thread * 37)) % rows;
                model.Ensemble.ShapContributions(model.Data.Row(r), mine.AsSpan(r * 16, 16));
            }

            results[thread] = mine;
        });

        Assert.All(results, actual => Assert.Equal(expected, actual));
    }

    [Fact]
    public void Wrongly_sized_spans_are_refused_naming_the_sizes()
    {
        var exception = Assert.Throws<ArgumentException>(() => model.Ensemble.PredictProbability(new float[14]));
        Assert.Contains("15", exception.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => model.Ensemble.ShapContributions(new float[15], new float[15]));
        Assert.Throws<ArgumentException>(() => model.Ensemble.SaabasContributions(new float[15], new float[17]));
        Assert.Throws<ArgumentException>(() => model.Ensemble.PredictProbabilities(new float[30], new float[3]));
    }
}
