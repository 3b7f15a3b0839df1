using System.CommandLine;
using FraudActors.Ml.Simulation;

namespace FraudActors.Cli.Commands;

/// <summary>The simulator's concept-drift options (<see cref="ConceptDrift"/>), shared by <c>simulate</c> and <c>drift</c>.</summary>
internal sealed class DriftOptions
{
    private static readonly ConceptDrift Defaults = new() { StartDay = 0 };

    /// <param name="defaultStartDay">The start day when the option is not given; null: no drift unless asked for.</param>
    public DriftOptions(int? defaultStartDay = null)
    {
        StartDay = new("--drift-start-day")
        {
            Description = defaultStartDay is null
                ? "Concept drift (not in the book): from this 0-based day on, scenario 2's terminal compromises give way to short waves of small card-test frauds. Default: no drift."
                : "Concept drift: the 0-based day from which scenario 2's terminal compromises give way to short waves of small card-test frauds.",
        };
        if (defaultStartDay is { } start)
        {
            StartDay.DefaultValueFactory = _ => start;
        }
    }

    public Option<int?> StartDay { get; }

    public Option<int> TerminalsPerDay { get; } = new("--drift-terminals-per-day") { Description = "Concept drift: terminals compromised by the wave each day.", DefaultValueFactory = _ => Defaults.CompromisedTerminalsPerDay };

    public Option<int> CompromiseDays { get; } = new("--drift-compromise-days") { Description = "Concept drift: days a terminal of the wave stays compromised (at most the 7-day label delay hides it from terminal risk).", DefaultValueFactory = _ => Defaults.TerminalCompromiseDays };

    public Option<decimal> MaxAmount { get; } = new("--drift-max-amount") { Description = "Concept drift: largest card-test amount; amounts are uniform from 0.01.", DefaultValueFactory = _ => Defaults.MaxFraudAmount };

    public void AddTo(Command command)
    {
        command.Options.Add(StartDay);
        command.Options.Add(TerminalsPerDay);
        command.Options.Add(CompromiseDays);
        command.Options.Add(MaxAmount);
    }

    /// <summary>The drift asked for, or null when no start day was given.</summary>
    public ConceptDrift? Drift(ParseResult parse) =>
        parse.GetValue(StartDay) is { } start
            ? new ConceptDrift
            {
                StartDay = start,
                CompromisedTerminalsPerDay = parse.GetValue(TerminalsPerDay),
                TerminalCompromiseDays = parse.GetValue(CompromiseDays),
                MaxFraudAmount = parse.GetValue(MaxAmount),
            }
            : null;
}
