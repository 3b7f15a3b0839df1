using System.CommandLine;
using System.Diagnostics;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using FraudActors.Ml.Training;
using FraudActors.Ml.Trees;
using FraudActors.Ml.XGBoost;
using Spectre.Console;

namespace FraudActors.Cli.Commands;

/// <summary>
/// <c>fraudctl train</c>: trains XGBoost on the protocol's training window, scores it on the test window, stores the
/// model (content-addressed) with its manifest, and makes it the champion when asked or when there is none.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new BoosterParameters();
        var protocol = new ProtocolOptions();
        var trees = new Option<int>("--trees") { Description = "Boosting rounds.", DefaultValueFactory = _ => defaults.Rounds };
        var depth = new Option<int>("--max-depth") { Description = "Tree depth.", DefaultValueFactory = _ => defaults.MaxDepth };
        var eta = new Option<double>("--eta") { Description = "Learning rate.", DefaultValueFactory = _ => defaults.Eta };
        var method = new Option<string>("--tree-method") { Description = "exact (the book's), hist or approx.", DefaultValueFactory = _ => defaults.TreeMethod };
        var threads = new Option<int>("--threads") { Description = "Training threads.", DefaultValueFactory = _ => defaults.Threads };
        var seed = new Option<int>("--seed") { Description = "Training seed.", DefaultValueFactory = _ => defaults.Seed };
        var promote = new Option<bool>("--promote") { Description = "Make the new model the champion (it becomes one anyway when there is none)." };

        var command = new Command("train", "Train a model on the handbook protocol's training window and store it.")
        {
            trees, depth, eta, method, threads, seed, promote,
        };
        protocol.AddTo(command);

        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync("train", async () =>
        {
            var parameters = defaults with
            {
                Rounds = parse.GetValue(trees),
                MaxDepth = parse.GetValue(depth),
                Eta = parse.GetValue(eta),
                TreeMethod = parse.GetValue(method)!,
                Threads = parse.GetValue(threads),
                Seed = parse.GetValue(seed),
            };
            parameters.Validate();
            var split = protocol.Protocol(parse);
            var dataPath = protocol.DataPath(parse);
            var store = protocol.StorePath(parse);

            var clock = Stopwatch.StartNew();
            var dataset = await LabelledDataset.LoadAsync(dataPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            var loaded = clock.Elapsed;
            var rows = split.Split(dataset.Transactions);
            var set = TrainingSet.FromRows(dataset, rows.TrainRows.AsSpan());

            var trainStarted = clock.Elapsed;
            var model = ModelTrainer.Train(set, parameters, progress: null, cancellationToken);
            var trained = clock.Elapsed - trainStarted;

            var ensemble = TreeEnsemble.FromXGBoostJson(model);
            var report = HoldoutEvaluation.Evaluate("this model", ensemble, dataset, rows);

            var artifacts = new FileSystemArtifactStore(store);
            var sha = await artifacts.PutAsync(model, cancellationToken).ConfigureAwait(false);
            var createdAt = DateTimeOffset.UtcNow;
            var manifest = new ModelManifest(
                ModelManifest.NewVersion(createdAt, sha),
                sha,
                createdAt,
                "fraudctl train",
                ParentVersion: null,
                new TrainingDataSummary(split.TrainingStart, split.TrainingLastDay, set.Rows, set.Frauds, set.DataSha256, dataset.Source),
                ModelTrainer.Describe(parameters),
                FeatureSchema.Hash,
                FeatureSchema.Names,
                new HoldoutScores(split.TestStart, split.TestLastDay, report.TestRows, report.TestFrauds,
                    report.Scores.AucRoc, report.Scores.AveragePrecision, report.Scores.CardPrecisionAt100));
            var catalog = new ModelCatalog(store);
            await catalog.SaveAsync(manifest, cancellationToken).ConfigureAwait(false);
            var champion = await catalog.GetChampionAsync(cancellationToken).ConfigureAwait(false);
            if (champion is null || parse.GetValue(promote))
            {
                await catalog.SetChampionAsync(manifest.Version, cancellationToken).ConfigureAwait(false);
                champion = manifest.Version;
            }

            AnsiConsole.MarkupLineInterpolated($"model {manifest.Version}{(champion == manifest.Version ? " (champion)" : "")}: {set.Rows:N0} training rows ({set.Frauds:N0} frauds) from {split.TrainingStart:yyyy-MM-dd} to {split.TrainingLastDay:yyyy-MM-dd}");
            AnsiConsole.MarkupLineInterpolated($"holdout {split.TestStart:yyyy-MM-dd}..{split.TestLastDay:yyyy-MM-dd}: AUC {report.Scores.AucRoc:0.000}  AP {report.Scores.AveragePrecision:0.000}  CP@100 {report.Scores.CardPrecisionAt100:0.000}");
            AnsiConsole.MarkupLineInterpolated($"data and features {loaded.TotalSeconds:0.0} s, training ({parameters.TreeMethod}, {parameters.Rounds} trees) {trained.TotalSeconds:0.0} s, total {clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }));

        return command;
    }
}
