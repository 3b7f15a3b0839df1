using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

public sealed class SimulationOptionsTests
{
    [Fact]
    public void Defaults_are_the_books_setting()
    {
        var options = new SimulationOptions();

        Assert.Equal(
            (5_000, 10_000, 183, new DateOnly(2018, 4, 1), 5.0, 0, 220m),
            (options.Customers, options.Terminals, options.Days, options.StartDate, options.Radius, options.Seed, options.LargeAmountThreshold));
        Assert.Equal(
            (2, 28, 3, 14, 5),
            (options.CompromisedTerminalsPerDay, options.TerminalCompromiseDays, options.CompromisedCustomersPerDay,
                options.CustomerCompromiseDays, options.CompromisedAmountMultiplier));
        Assert.Equal(
            (5.0, 100.0, 0.5, 0.0, 4.0, 43_200.0, 20_000.0),
            (options.MinMeanAmount, options.MaxMeanAmount, options.AmountStdDevToMeanRatio, options.MinMeanTransactionsPerDay,
                options.MaxMeanTransactionsPerDay, options.TimeOfDayMeanSeconds, options.TimeOfDayStdDevSeconds));
        options.Validate();
    }

    public static TheoryData<string, SimulationOptions> BadOptions => new()
    {
        { nameof(SimulationOptions.Customers), new SimulationOptions { Customers = 0 } },
        { nameof(SimulationOptions.Terminals), new SimulationOptions { Terminals = -1 } },
        { nameof(SimulationOptions.Days), new SimulationOptions { Days = 0 } },
        { nameof(SimulationOptions.Days), new SimulationOptions { Days = SimulationOptions.MaxDays + 1 } },
        { nameof(SimulationOptions.StartDate), new SimulationOptions { StartDate = new DateOnly(9999, 12, 1) } },
        { nameof(SimulationOptions.Radius), new SimulationOptions { Radius = 0 } },
        { nameof(SimulationOptions.Radius), new SimulationOptions { Radius = double.NaN } },
        { nameof(SimulationOptions.LargeAmountThreshold), new SimulationOptions { LargeAmountThreshold = -1m } },
        { nameof(SimulationOptions.LargeAmountThreshold), new SimulationOptions { LargeAmountThreshold = 220.005m } },
        { nameof(SimulationOptions.CompromisedTerminalsPerDay), new SimulationOptions { CompromisedTerminalsPerDay = -1 } },
        { nameof(SimulationOptions.CompromisedTerminalsPerDay), new SimulationOptions { Terminals = 3, CompromisedTerminalsPerDay = 4 } },
        { nameof(SimulationOptions.TerminalCompromiseDays), new SimulationOptions { TerminalCompromiseDays = 0 } },
        { nameof(SimulationOptions.CompromisedCustomersPerDay), new SimulationOptions { Customers = 2 } },
        { nameof(SimulationOptions.CustomerCompromiseDays), new SimulationOptions { CustomerCompromiseDays = -14 } },
        { nameof(SimulationOptions.CompromisedAmountMultiplier), new SimulationOptions { CompromisedAmountMultiplier = 0 } },
        { nameof(SimulationOptions.MinMeanAmount), new SimulationOptions { MinMeanAmount = -5 } },
        { nameof(SimulationOptions.MaxMeanAmount), new SimulationOptions { MaxMeanAmount = 4 } },
        { nameof(SimulationOptions.AmountStdDevToMeanRatio), new SimulationOptions { AmountStdDevToMeanRatio = -0.1 } },
        { nameof(SimulationOptions.MinMeanTransactionsPerDay), new SimulationOptions { MinMeanTransactionsPerDay = double.NegativeInfinity } },
        { nameof(SimulationOptions.MaxMeanTransactionsPerDay), new SimulationOptions { MaxMeanTransactionsPerDay = 1_000 } },
        { nameof(SimulationOptions.TimeOfDayMeanSeconds), new SimulationOptions { TimeOfDayMeanSeconds = double.PositiveInfinity } },
        { nameof(SimulationOptions.TimeOfDayStdDevSeconds), new SimulationOptions { TimeOfDayStdDevSeconds = -1 } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_names_the_option_that_is_out_of_range(string option, SimulationOptions options)
    {
        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(option, exception.ParamName);
        Assert.Contains(option, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_with_bad_options_fails_before_any_work()
    {
        var exception = Assert.Throws<ArgumentException>(() => TransactionSimulator.Run(new SimulationOptions { Radius = -1 }, TestContext.Current.CancellationToken));

        Assert.Equal(nameof(SimulationOptions.Radius), exception.ParamName);
    }
}
