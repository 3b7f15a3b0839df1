using System.CommandLine;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Models;
using FraudActors.Ml.Training;

namespace FraudActors.Cli.Commands;

/// <summary><c>fraudctl evaluate</c>: scores a stored model on the protocol's test window and prints it beside the book's.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var protocol = new ProtocolOptions();
        var model = new Option<string?>("--model") { Description = "Model version to evaluate (default: the champion)." };
        var command = new Command("evaluate", "Evaluate a stored model on the handbook protocol's test window, beside the book's scores.") { model };
        protocol.AddTo(command);

        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync("evaluate", async () =>
        {
            var store = protocol.StorePath(parse);
            var catalog = new ModelCatalog(store);
            var version = parse.GetValue(model)
                ?? await catalog.GetChampionAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"No model in {store}; train one with fraudctl train.");
            var manifest = await catalog.FindAsync(version, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Model version {version} is not in {store}.");
            var scoring = ScoringModel.Load(manifest, await new FileSystemArtifactStore(store).GetAsync(manifest.ArtifactSha256, cancellationToken).ConfigureAwait(false));

            var dataset = await LabelledDataset.LoadAsync(protocol.DataPath(parse), cancellationToken: cancellationToken).ConfigureAwait(false);
            var split = protocol.Protocol(parse).Split(dataset.Transactions);
            var report = HoldoutEvaluation.Evaluate($"XGBoost {manifest.Version}", scoring.Ensemble, dataset, split);
            Console.WriteLine(report.Render());
            return 0;
        }));

        return command;
    }
}
