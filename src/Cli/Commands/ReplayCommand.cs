using System.CommandLine;
using System.Diagnostics;
using FraudActors.Cli.Node;
using FraudActors.Grains.Scoring;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Silo.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Cli.Commands;

/// <summary>
/// <c>fraudctl replay</c>: pushes a simulated data set through an in-process node in time order, feeding fraud labels
/// back as they happen; with <c>--verify</c>, checks that every online feature vector equals the batch twin's.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Transaction CSV (from fraudctl simulate).", DefaultValueFactory = _ => new FileInfo(Path.Combine("artifacts", "data", "transactions.csv")) };
        var store = new Option<DirectoryInfo>("--store") { Description = "Artifact store holding the champion model.", DefaultValueFactory = _ => new DirectoryInfo("artifacts") };
        var database = new Option<FileInfo?>("--database") { Description = "Node database to replay into (default: a fresh temporary one, deleted afterwards)." };
        var verify = new Option<bool>("--verify") { Description = "Compare every online feature vector with the batch features." };
        var inFlight = new Option<int>("--in-flight") { Description = "Scoring calls in flight.", DefaultValueFactory = _ => 512 };
        var command = new Command("replay", "Replay a data set through an in-process node; --verify checks online features against the batch twin.")
        {
            data, store, database, verify, inFlight,
        };

        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync("replay", async () =>
        {
            var csv = parse.GetValue(data)!;
            if (!csv.Exists)
            {
                throw new FileNotFoundException($"{csv.FullName} does not exist; create it with fraudctl simulate.", csv.FullName);
            }

            var temporary = parse.GetValue(database) is null ? Directory.CreateTempSubdirectory("fraudactors-replay-") : null;
            var databasePath = parse.GetValue(database)?.FullName ?? Path.Combine(temporary!.FullName, "node.db");
            try
            {
                var dataset = await LabelledDataset.LoadAsync(csv.FullName, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using var node = await InProcessNode.StartAsync(parse.GetValue(store)!.FullName, databasePath, cancellationToken).ConfigureAwait(false);
                if (node.Services.GetRequiredService<ModelCache>().Champion is null)
                {
                    throw new InvalidOperationException($"No champion model in {parse.GetValue(store)!.FullName}; train one with fraudctl train.");
                }

                var check = parse.GetValue(verify) ? new FeatureCheck(dataset) : null;
                var clock = Stopwatch.StartNew();
                long scored = 0;
                await new TransactionReplay(node.Grains, parse.GetValue(inFlight)).RunAsync(dataset.Transactions, feedFraudLabels: true, (index, result) =>
                {
                    Interlocked.Increment(ref scored);
                    check?.Compare(index, result.Features);
                }, cancellationToken).ConfigureAwait(false);

                Console.WriteLine($"replayed {scored:N0} transactions in {clock.Elapsed.TotalSeconds:0.0} s ({scored / clock.Elapsed.TotalSeconds:N0}/s, durable decisions, fraud labels fed back)");
                if (check is null)
                {
                    return 0;
                }

                Console.WriteLine(check.Summary());
                return check.Mismatches == 0 ? 0 : CommandFailure.Failed;
            }
            finally
            {
                temporary?.Delete(recursive: true);
            }
        }));

        return command;
    }

    /// <summary>Online vs batch, feature by feature: counts and flags exactly, averages and risks to 1e-9 relative.</summary>
    private sealed class FeatureCheck(LabelledDataset dataset)
    {
        private readonly Lock _lock = new();
        private readonly List<string> _examples = [];
        private long _mismatches;
        private long _values;
        private double _largestRelativeError;

        public long Mismatches => Interlocked.Read(ref _mismatches);

        public void Compare(int row, IReadOnlyList<Grains.Interfaces.FeatureValue> online)
        {
            var batch = dataset.Features.Row(row);
            for (var i = 0; i < FeatureSchema.Count; i++)
            {
                var (o, b) = (online[i].Value, batch[i]);
                var relative = Math.Abs(o - b) / Math.Max(1, Math.Abs(b));
                var exact = i is not (FeatureSchema.CustomerAvgAmount1Day or FeatureSchema.CustomerAvgAmount7Day or FeatureSchema.CustomerAvgAmount30Day
                    or FeatureSchema.TerminalRisk1Day or FeatureSchema.TerminalRisk7Day or FeatureSchema.TerminalRisk30Day);
                var equal = exact ? o == b : relative <= 1e-9;
                lock (_lock)
                {
                    _values++;
                    _largestRelativeError = Math.Max(_largestRelativeError, relative);
                    if (!equal)
                    {
                        _mismatches++;
                        if (_examples.Count < 10)
                        {
                            _examples.Add($"  transaction {dataset.Transactions[row].Id} {FeatureSchema.Names[i]}: online {o}, batch {b}");
                        }
                    }
                }
            }
        }

        public string Summary() => _mismatches == 0
            ? $"verified: all {_values:N0} feature values equal the batch twin's (largest relative difference {_largestRelativeError:G3})"
            : $"MISMATCH: {_mismatches:N0} of {_values:N0} feature values differ from the batch twin's:\n{string.Join('\n', _examples)}";
    }
}
