using FraudActors.Grains.Interfaces;

namespace FraudActors.Silo.Storage;

/// <summary>
/// Label sources as stored by every label store: by name, not number, so the enum may be reordered or extended
/// without rewriting rows.
/// </summary>
internal static class LabelSourceNames
{
    public static string Of(LabelSource source) => source switch
    {
        LabelSource.Analyst => "analyst",
        LabelSource.Customer => "customer",
        LabelSource.Import => "import",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown label source."),
    };

    public static LabelSource Parse(string name, string transactionId) => name switch
    {
        "analyst" => LabelSource.Analyst,
        "customer" => LabelSource.Customer,
        "import" => LabelSource.Import,
        _ => throw new InvalidDataException($"Label of transaction {transactionId}: unknown source '{name}'."),
    };
}
