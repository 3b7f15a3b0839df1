using FraudActors.Grains.Interfaces.Models;

namespace FraudActors.Grains.Models;

/// <summary>
/// What each silo reports serving (a port: the host stores the reports, in PostgreSQL for a cluster, and knows which
/// silos are active). Silos write their own report after every load; the registry reads them for admins.
/// </summary>
public interface IServingReports
{
    /// <summary>Records what this silo serves, replacing its previous report.</summary>
    Task ReportAsync(SiloModels report, CancellationToken cancellationToken);

    /// <summary>
    /// Every silo that is active now, by name, each with its latest report, or null when it has reported nothing since
    /// it started (a report of an earlier start of the same endpoint does not count).
    /// </summary>
    Task<IReadOnlyList<ActiveSiloReport>> ReadActiveAsync(CancellationToken cancellationToken);
}

/// <summary>An active silo and its latest report.</summary>
/// <param name="Silo">The silo's name.</param>
/// <param name="Report">Its report, or null when it has not reported since it started.</param>
public sealed record ActiveSiloReport(string Silo, SiloModels? Report);
