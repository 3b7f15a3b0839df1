using System.CommandLine;
using System.Diagnostics;
using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;
using Spectre.Console;

namespace FraudActors.Cli.Commands;

/// <summary><c>fraudctl simulate</c>: the handbook's transaction simulator, written as CSV.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var defaults = new SimulationOptions();
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write (replaced atomically).", DefaultValueFactory = _ => new FileInfo(Path.Combine("artifacts", "data", "transactions.csv")) };
        var customers = new Option<int>("--customers") { Description = "Number of customers.", DefaultValueFactory = _ => defaults.Customers };
        var terminals = new Option<int>("--terminals") { Description = "Number of terminals.", DefaultValueFactory = _ => defaults.Terminals };
        var days = new Option<int>("--days") { Description = "Days to simulate.", DefaultValueFactory = _ => defaults.Days };
        var start = new Option<DateOnly>("--start-date") { Description = "First simulated day (UTC).", DefaultValueFactory = _ => defaults.StartDate };
        var radius = new Option<double>("--radius") { Description = "A customer uses the terminals strictly closer than this.", DefaultValueFactory = _ => defaults.Radius };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same data.", DefaultValueFactory = _ => defaults.Seed };
        var compromisedTerminals = new Option<int>("--compromised-terminals-per-day") { Description = "Scenario 2: terminals compromised each day.", DefaultValueFactory = _ => defaults.CompromisedTerminalsPerDay };
        var terminalDays = new Option<int>("--terminal-compromise-days") { Description = "Scenario 2: days a compromised terminal stays compromised.", DefaultValueFactory = _ => defaults.TerminalCompromiseDays };
        var compromisedCustomers = new Option<int>("--compromised-customers-per-day") { Description = "Scenario 3: cards compromised each day.", DefaultValueFactory = _ => defaults.CompromisedCustomersPerDay };
        var customerDays = new Option<int>("--customer-compromise-days") { Description = "Scenario 3: days a compromised card stays compromised.", DefaultValueFactory = _ => defaults.CustomerCompromiseDays };
        var randomness = new Option<string>("--rng") { Description = "Random generators: dotnet (fast, parallel; statistically the book's data) or numpy (numpy's and Python's generators as the book seeds them: the book's exact data set).", DefaultValueFactory = _ => RngName(defaults.Randomness) };
        randomness.AcceptOnlyFromAmong(RngName(SimulationRandomness.DotNet), RngName(SimulationRandomness.Numpy));
        var largeAmount = new Option<decimal>("--large-amount-threshold") { Description = "Scenario 1: amounts above this are fraud.", DefaultValueFactory = _ => defaults.LargeAmountThreshold };
        var drift = new DriftOptions();

        var command = new Command("simulate", "Simulate card transactions with the handbook's generator and write them as CSV.")
        {
            output, customers, terminals, days, start, radius, seed, randomness, compromisedTerminals, terminalDays, compromisedCustomers, customerDays, largeAmount,
        };
        drift.AddTo(command);

        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync("simulate", async () =>
        {
            var options = defaults with
            {
                Customers = parse.GetValue(customers),
                Terminals = parse.GetValue(terminals),
                Days = parse.GetValue(days),
                StartDate = parse.GetValue(start),
                Radius = parse.GetValue(radius),
                Seed = parse.GetValue(seed),
                Randomness = Enum.Parse<SimulationRandomness>(parse.GetValue(randomness)!, ignoreCase: true),
                CompromisedTerminalsPerDay = parse.GetValue(compromisedTerminals),
                TerminalCompromiseDays = parse.GetValue(terminalDays),
                CompromisedCustomersPerDay = parse.GetValue(compromisedCustomers),
                CustomerCompromiseDays = parse.GetValue(customerDays),
                LargeAmountThreshold = parse.GetValue(largeAmount),
                Drift = drift.Drift(parse),
            };
            options.Validate();
            var path = parse.GetValue(output)!.FullName;

            var clock = Stopwatch.StartNew();
            var dataset = TransactionSimulator.Run(options, cancellationToken);
            var simulated = clock.Elapsed;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await TransactionCsv.WriteAsync(path, dataset.Transactions.AsMemory(), rowsWritten: null, cancellationToken).ConfigureAwait(false);

            var transactions = dataset.Transactions;
            var frauds = transactions.Count(t => t.IsFraud);
            var table = new Table().AddColumns("", "simulated", "the book's run");
            table.AddRow("transactions", $"{transactions.Length:N0}", "1,754,155");
            table.AddRow("frauds", $"{frauds:N0} ({100.0 * frauds / transactions.Length:0.000} %)", "14,681 (0.837 %)");
            table.AddRow("transactions per day", $"{(double)transactions.Length / options.Days:N0}", "9,586");
            foreach (var scenario in new[] { FraudScenario.LargeAmount, FraudScenario.CompromisedTerminal, FraudScenario.CompromisedCustomer, FraudScenario.CardTestingTerminal })
            {
                if (scenario == FraudScenario.CardTestingTerminal && options.Drift is null)
                {
                    continue;
                }

                table.AddRow($"  scenario {(int)scenario} ({scenario})", $"{transactions.Count(t => t.Scenario == scenario):N0}", "");
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"simulated in {simulated.TotalSeconds:0.00} s, wrote {path} in {(clock.Elapsed - simulated).TotalSeconds:0.00} s");
            return 0;
        }));

        return command;
    }

    private static string RngName(SimulationRandomness randomness) => randomness.ToString().ToLowerInvariant();
}
