using FraudActors.Grains.Interfaces.Models;
using FraudActors.Grains.Models;

namespace FraudActors.Silo.Models;

/// <summary>
/// The serving report of an embedded node: the node is the only silo, and its report lives as long as the process
/// (a restarted node reports again as soon as it has loaded), so memory is the whole store.
/// </summary>
internal sealed class SingleNodeServingReports(SiloIdentity node) : IServingReports
{
    private volatile SiloModels? _report;

    public Task ReportAsync(SiloModels report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _report = report;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ActiveSiloReport>> ReadActiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ActiveSiloReport>>([new ActiveSiloReport(node.Name, _report)]);
}
