namespace FraudActors.Ml.Simulation;

/// <summary>
/// Parameters of the handbook's transaction simulator (reference §1). Every default is the book's,
/// so <c>new SimulationOptions()</c> reproduces the book's setting: statistically with the default .NET generators,
/// exactly with <see cref="Randomness"/> = <see cref="SimulationRandomness.Numpy"/>.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>
    /// Side of the square world in which customers and terminals live. Fixed by the book, not an option:
    /// the radius is meaningful only relative to it.
    /// </summary>
    public const double WorldSize = 100;

    /// <summary>
    /// Largest supported <see cref="Days"/>: simulated seconds are kept in 32-bit integers.
    /// </summary>
    public const int MaxDays = int.MaxValue / 86_400;

    /// <summary>
    /// Largest supported <see cref="MaxMeanTransactionsPerDay"/>: the Poisson sampler (Knuth's) costs time
    /// linear in the mean and underflows far beyond this.
    /// </summary>
    public const double MaxSupportedMeanTransactionsPerDay = 100;

    /// <summary>Number of customers (cards). Default 5,000.</summary>
    public int Customers { get; init; } = 5_000;

    /// <summary>Number of terminals. Default 10,000.</summary>
    public int Terminals { get; init; } = 10_000;

    /// <summary>Number of simulated days. Default 183.</summary>
    public int Days { get; init; } = 183;

    /// <summary>First simulated day; day <c>d</c> starts at midnight UTC of <c>StartDate + d</c>. Default 2018-04-01.</summary>
    public DateOnly StartDate { get; init; } = new(2018, 4, 1);

    /// <summary>A customer uses every terminal strictly closer than this (Euclidean, world units). Default 5.</summary>
    public double Radius { get; init; } = 5;

    /// <summary>
    /// Seed of every random stream; the same options always produce the same data set. Default 0. With
    /// <see cref="SimulationRandomness.Numpy"/> it must not be negative: it is added to each of the book's seeds.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>The random generators to draw from. Default <see cref="SimulationRandomness.DotNet"/>.</summary>
    public SimulationRandomness Randomness { get; init; } = SimulationRandomness.DotNet;

    /// <summary>Scenario 1: every amount strictly above this (currency units) is fraud. Default 220.</summary>
    public decimal LargeAmountThreshold { get; init; } = 220m;

    /// <summary>Scenario 2: terminals compromised on each day. Default 2.</summary>
    public int CompromisedTerminalsPerDay { get; init; } = 2;

    /// <summary>Scenario 2: days a terminal stays compromised, the day it is drawn included. Default 28.</summary>
    public int TerminalCompromiseDays { get; init; } = 28;

    /// <summary>Scenario 3: customers compromised on each day. Default 3.</summary>
    public int CompromisedCustomersPerDay { get; init; } = 3;

    /// <summary>Scenario 3: days a customer stays compromised, the day it is drawn included. Default 14.</summary>
    public int CustomerCompromiseDays { get; init; } = 14;

    /// <summary>Scenario 3: factor applied to the amount of each fraudulent transaction. Default 5.</summary>
    public int CompromisedAmountMultiplier { get; init; } = 5;

    /// <summary>Lower end of the uniform draw of a customer's mean amount (currency units). Default 5.</summary>
    public double MinMeanAmount { get; init; } = 5;

    /// <summary>Upper end of the uniform draw of a customer's mean amount (currency units). Default 100.</summary>
    public double MaxMeanAmount { get; init; } = 100;

    /// <summary>A customer's amount standard deviation as a fraction of its mean amount. Default 0.5.</summary>
    public double AmountStdDevToMeanRatio { get; init; } = 0.5;

    /// <summary>Lower end of the uniform draw of a customer's mean number of transactions per day. Default 0.</summary>
    public double MinMeanTransactionsPerDay { get; init; }

    /// <summary>Upper end of the uniform draw of a customer's mean number of transactions per day. Default 4.</summary>
    public double MaxMeanTransactionsPerDay { get; init; } = 4;

    /// <summary>Mean of the normal time of day, in seconds after midnight. Default 43,200 (noon).</summary>
    public double TimeOfDayMeanSeconds { get; init; } = 43_200;

    /// <summary>Standard deviation of the normal time of day, in seconds. Default 20,000.</summary>
    public double TimeOfDayStdDevSeconds { get; init; } = 20_000;

    /// <summary>
    /// A change of fraud pattern from a given day on (not in the book). Default null: none, the book's data set.
    /// </summary>
    public ConceptDrift? Drift { get; init; }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first option that is out of range.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range; the message and
    /// <see cref="ArgumentException.ParamName"/> name it.</exception>
    public void Validate()
    {
        RequirePositive(Customers, nameof(Customers));
        RequirePositive(Terminals, nameof(Terminals));
        RequirePositive(Days, nameof(Days));
        if (Days > MaxDays)
        {
            throw Bad(nameof(Days), $"must be at most {MaxDays}, was {Days}");
        }

        if (StartDate.DayNumber + (long)Days > DateOnly.MaxValue.DayNumber + 1L)
        {
            throw Bad(nameof(StartDate), $"{StartDate:yyyy-MM-dd} plus {Days} days runs past the year 9999");
        }

        if (!Enum.IsDefined(Randomness))
        {
            throw Bad(nameof(Randomness), $"must be one of {string.Join(", ", Enum.GetNames<SimulationRandomness>())}, was {(int)Randomness}");
        }

        if (Randomness == SimulationRandomness.Numpy && Seed < 0)
        {
            throw Bad(nameof(Seed), $"must not be negative with {nameof(SimulationRandomness.Numpy)} randomness (numpy seeds are unsigned), was {Seed}");
        }

        if (!(Radius > 0) || double.IsInfinity(Radius))
        {
            throw Bad(nameof(Radius), $"must be a positive finite number, was {Radius}");
        }

        if (LargeAmountThreshold < 0 || decimal.Round(LargeAmountThreshold, 2) != LargeAmountThreshold
            || LargeAmountThreshold > long.MaxValue / 100)
        {
            throw Bad(nameof(LargeAmountThreshold), $"must be a non-negative amount with at most two decimals, was {LargeAmountThreshold}");
        }

        RequireNonNegative(CompromisedTerminalsPerDay, nameof(CompromisedTerminalsPerDay));
        if (CompromisedTerminalsPerDay > Terminals)
        {
            throw Bad(nameof(CompromisedTerminalsPerDay), $"cannot exceed {nameof(Terminals)} ({Terminals}), was {CompromisedTerminalsPerDay}");
        }

        RequirePositive(TerminalCompromiseDays, nameof(TerminalCompromiseDays));
        RequireNonNegative(CompromisedCustomersPerDay, nameof(CompromisedCustomersPerDay));
        if (CompromisedCustomersPerDay > Customers)
        {
            throw Bad(nameof(CompromisedCustomersPerDay), $"cannot exceed {nameof(Customers)} ({Customers}), was {CompromisedCustomersPerDay}");
        }

        RequirePositive(CustomerCompromiseDays, nameof(CustomerCompromiseDays));
        RequirePositive(CompromisedAmountMultiplier, nameof(CompromisedAmountMultiplier));

        RequireRange(MinMeanAmount, MaxMeanAmount, nameof(MinMeanAmount), nameof(MaxMeanAmount));
        if (MaxMeanAmount > 1e12)
        {
            throw Bad(nameof(MaxMeanAmount), $"must be at most 1e12 so amounts fit in cents, was {MaxMeanAmount}");
        }

        if (!(AmountStdDevToMeanRatio >= 0) || double.IsInfinity(AmountStdDevToMeanRatio) || AmountStdDevToMeanRatio > 1e3)
        {
            throw Bad(nameof(AmountStdDevToMeanRatio), $"must be between 0 and 1000, was {AmountStdDevToMeanRatio}");
        }

        RequireRange(MinMeanTransactionsPerDay, MaxMeanTransactionsPerDay, nameof(MinMeanTransactionsPerDay), nameof(MaxMeanTransactionsPerDay));
        if (MaxMeanTransactionsPerDay > MaxSupportedMeanTransactionsPerDay)
        {
            throw Bad(nameof(MaxMeanTransactionsPerDay), $"must be at most {MaxSupportedMeanTransactionsPerDay}, was {MaxMeanTransactionsPerDay}");
        }

        if (!double.IsFinite(TimeOfDayMeanSeconds))
        {
            throw Bad(nameof(TimeOfDayMeanSeconds), $"must be a finite number, was {TimeOfDayMeanSeconds}");
        }

        if (!(TimeOfDayStdDevSeconds >= 0) || double.IsInfinity(TimeOfDayStdDevSeconds))
        {
            throw Bad(nameof(TimeOfDayStdDevSeconds), $"must be a non-negative finite number, was {TimeOfDayStdDevSeconds}");
        }

        Drift?.Validate(Days, Terminals);
    }

    /// <summary>The scenario-1 threshold in cents, once <see cref="Validate"/> has passed.</summary>
    internal long LargeAmountThresholdCents => (long)(LargeAmountThreshold * 100m);

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw Bad(name, $"must be positive, was {value}");
        }
    }

    private static void RequireNonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw Bad(name, $"must not be negative, was {value}");
        }
    }

    private static void RequireRange(double min, double max, string minName, string maxName)
    {
        if (!(min >= 0) || !double.IsFinite(min))
        {
            throw Bad(minName, $"must be a non-negative finite number, was {min}");
        }

        if (!(max >= min) || !double.IsFinite(max))
        {
            throw Bad(maxName, $"must be a finite number not below {minName} ({min}), was {max}");
        }
    }

    private static ArgumentException Bad(string name, string problem) =>
        new($"Simulation option {name} {problem}.", name);
}
