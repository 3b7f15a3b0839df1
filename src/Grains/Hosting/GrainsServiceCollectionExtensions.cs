using FraudActors.Grains.Customers;
using FraudActors.Grains.Drift;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Grains.Models;
using FraudActors.Grains.Scoring;
using FraudActors.Grains.Terminals;
using FraudActors.Grains.Training;
using FraudActors.Grains.Transactions;
using FraudActors.Grains.Interfaces.Training;
using FraudActors.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Grains.Hosting;

/// <summary>Registers the domain grains and their services with a silo.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the customer, terminal, transaction and model-registry grains, the scorer and the model cache. The host
    /// supplies the ports: <see cref="Decisions.IDecisionLog"/>, <see cref="Labels.ILabelStore"/>, grain storage, an
    /// <see cref="Ml.Artifacts.IArtifactStore"/> and <see cref="Models.IServingReports"/> (what each silo serves).
    /// </summary>
    public static IServiceCollection AddFraudActorsGrains(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ScoringOptions>()
            .Bind(configuration.GetSection(ScoringOptions.SectionName))
            .Validate(o =>
            {
                o.Validate();
                return true;
            });
        services.AddSingleton<ModelCache>();
        services.AddSingleton<TransactionScorer>();
        services.AddMetrics();
        services.AddSingleton<ScoringInstruments>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScoringInstruments>(sp => sp.GetRequiredService<ScoringInstruments>()));
        services.AddGrain<ICustomerGrain, CustomerGrain>();
        services.AddGrain<ITerminalGrain, TerminalGrain>();
        services.AddGrain<IModelRegistryGrain, ModelRegistryGrain>();
        services.AddGrain<IModelComparisonGrain, ModelComparisonGrain>();
        services.AddGrain<IDriftGrain, DriftGrain>();
        services.AddOptions<DriftOptions>().Bind(configuration.GetSection(DriftOptions.SectionName))
            .Validate(o => o.CheckPeriod >= TimeSpan.Zero, "Drift:CheckPeriod must not be negative.")
            .Validate(o => o.WindowDays is >= IDriftGrain.MinDays and <= IDriftGrain.MaxDays, $"Drift:WindowDays must be from {IDriftGrain.MinDays} to {IDriftGrain.MaxDays}.")
            .Validate(o => o.Cooldown >= TimeSpan.Zero, "Drift:Cooldown must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<DriftInstruments>();
        services.AddGrain<IDriftWatchGrain, DriftWatchGrain>();
        services.AddOptions<RetrainingOptions>().Bind(configuration.GetSection(RetrainingOptions.SectionName));
        services.AddGrain<IRetrainingGrain, RetrainingGrain>();
        services.AddGrain<IFeedbackGrain, FeedbackGrain>();

        // A transaction is looked at a few times after its decision, rarely later: no reason to keep it for long.
        services.AddGrain<ITransactionGrain, TransactionGrain>(collectionAge: TimeSpan.FromMinutes(2));
        return services;
    }
}
