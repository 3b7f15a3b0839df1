using FraudActors.Grains.Interfaces.Models;
using FraudActors.Ml.Models;

namespace FraudActors.Silo.Models;

/// <summary>Maps the ML side's manifest to the registry's wire description.</summary>
internal static class ModelDescriptions
{
    public static ModelDescription From(ModelManifest manifest) => new(
        manifest.Version,
        manifest.ArtifactSha256,
        manifest.CreatedAt,
        manifest.CreatedBy,
        manifest.ParentVersion,
        manifest.Training.From,
        manifest.Training.To,
        manifest.Training.Rows,
        manifest.Training.Frauds,
        manifest.Training.DataSha256,
        manifest.Parameters,
        manifest.FeatureSchemaHash,
        manifest.Holdout is { } h ? new ModelScores(h.From, h.To, h.Rows, h.Frauds, h.AucRoc, h.AveragePrecision, h.CardPrecisionAt100) : null);
}
