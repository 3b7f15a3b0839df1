namespace FraudActors.Silo.Hosting;

/// <summary>Where an embedded node keeps its data. Every default is stated; paths are relative to the working directory.</summary>
public sealed class NodeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Node";

    /// <summary>Root of the artifact store and the model catalog. Default <c>artifacts</c>.</summary>
    public string ArtifactsDirectory { get; set; } = "artifacts";

    /// <summary>
    /// The node's SQLite database (decision log store, labels, grain state); the decision journal lives beside it
    /// (<c>fraudactors.journal/</c>). Default <c>artifacts/node/fraudactors.db</c>.
    /// </summary>
    public string DatabasePath { get; set; } = Path.Combine("artifacts", "node", "fraudactors.db");
}
