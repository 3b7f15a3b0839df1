using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class BoosterConcurrencyTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private const int Threads = 8;
    private const int RowsPerThread = 400;

    [Fact]
    public void Eight_threads_predicting_in_place_on_one_booster_get_the_single_threaded_results()
    {
        var expected = Enumerable.Range(0, RowsPerThread).Select(r => model.Booster.PredictRow(model.Data.Row(r))).ToArray();

        var results = RunOnThreads(thread =>
        {
            var mine = new float[RowsPerThread];
            for (var pass = 0; pass < 3; pass++)
            {
                // Each thread walks the rows from a different start so neighbours predict different rows at once.
                for (var k = 0; k < RowsPerThread; k++)
                {
                    var r = (k + (thread * 53)) % RowsPerThread;
                    mine[r] = model.Booster.PredictRow(model.Data.Row(r));
                }
            }

            return mine;
        });

        Assert.All(results, actual => Assert.Equal(expected, actual));
    }

    [Fact]
    public void Eight_threads_predicting_batches_and_contributions_get_the_single_threaded_results()
    {
        using var matrix = DMatrix.FromDense(model.Data.Features.AsSpan(0, RowsPerThread * 15), RowsPerThread, 15);
        var expectedPredictions = model.Booster.Predict(matrix);
        var expectedContributions = model.Booster.PredictContributions(matrix);
        var expectedApproximate = model.Booster.PredictContributions(matrix, approximate: true);

        var results = RunOnThreads(thread =>
            (thread % 3) switch
            {
                0 => (0, model.Booster.Predict(matrix)),
                1 => (1, model.Booster.PredictContributions(matrix)),
                _ => (2, model.Booster.PredictContributions(matrix, approximate: true)),
            });

        foreach (var (kind, actual) in results)
        {
            Assert.Equal(kind switch { 0 => expectedPredictions, 1 => expectedContributions, _ => expectedApproximate }, actual);
        }
    }

    [Fact]
    public void Changing_a_parameter_while_other_threads_predict_does_not_disturb_their_results()
    {
        using var booster = Booster.Load(model.Json);
        var expected = Enumerable.Range(0, RowsPerThread).Select(r => booster.PredictRow(model.Data.Row(r))).ToArray();

        var results = RunOnThreads(thread =>
        {
            var mine = new float[RowsPerThread];
            for (var r = 0; r < RowsPerThread; r++)
            {
                if (thread == 0 && r % 20 == 0)
                {
                    booster.SetParameter("nthread", (r / 20 % 2 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                mine[r] = booster.PredictRow(model.Data.Row(r));
            }

            return mine;
        });

        Assert.All(results, actual => Assert.Equal(expected, actual));
    }

    private static T[] RunOnThreads<T>(Func<int, T> work)
    {
        var results = new T[Threads];
        var errors = new Exception?[Threads];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                results[i] = work(i);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        Assert.All(errors, Assert.Null);
        return results;
    }
}
