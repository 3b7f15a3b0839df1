using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class BoosterParametersTests
{
    [Fact]
    public void Defaults_are_xgboost_1_7_library_defaults_as_they_resolve_on_the_handbook_data()
    {
        var parameters = new BoosterParameters();

        Assert.Equal("binary:logistic", parameters.Objective);
        Assert.Equal("exact", parameters.TreeMethod);
        Assert.Equal(6, parameters.MaxDepth);
        Assert.Equal(0.3, parameters.Eta);
        Assert.Equal(100, parameters.Rounds);
        Assert.Equal(Environment.ProcessorCount, parameters.Threads);
        Assert.Equal(0, parameters.Seed);
        Assert.Null(parameters.EvalMetric);
        Assert.Empty(parameters.Extra);
        parameters.Validate();
    }

    [Theory]
    [InlineData(nameof(BoosterParameters.MaxDepth))]
    [InlineData(nameof(BoosterParameters.Eta))]
    [InlineData(nameof(BoosterParameters.Rounds))]
    [InlineData(nameof(BoosterParameters.Threads))]
    [InlineData(nameof(BoosterParameters.TreeMethod))]
    [InlineData(nameof(BoosterParameters.Objective))]
    public void An_out_of_range_value_is_refused_naming_the_parameter(string parameter)
    {
        var parameters = parameter switch
        {
            nameof(BoosterParameters.MaxDepth) => new BoosterParameters { MaxDepth = -1 },
            nameof(BoosterParameters.Eta) => new BoosterParameters { Eta = 1.5 },
            nameof(BoosterParameters.Rounds) => new BoosterParameters { Rounds = 0 },
            nameof(BoosterParameters.Threads) => new BoosterParameters { Threads = 0 },
            nameof(BoosterParameters.TreeMethod) => new BoosterParameters { TreeMethod = "fastest" },
            _ => new BoosterParameters { Objective = " " },
        };

        var exception = Assert.Throws<ArgumentException>(parameters.Validate);

        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains(parameter, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_entry_that_duplicates_a_typed_parameter_is_refused()
    {
        var parameters = new BoosterParameters { Extra = new Dictionary<string, string> { ["learning_rate"] = "0.1" } };

        var exception = Assert.Throws<ArgumentException>(parameters.Validate);

        Assert.Contains("learning_rate", exception.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(BoosterParameters.Eta), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_pairs_carry_every_parameter_in_invariant_formatting()
    {
        var parameters = new BoosterParameters
        {
            Eta = 0.05,
            Threads = 3,
            Seed = 42,
            EvalMetric = "aucpr",
            Extra = new Dictionary<string, string> { ["subsample"] = "0.8", ["min_child_weight"] = "2" },
        };

        var pairs = parameters.ToNative().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("binary:logistic", pairs["objective"]);
        Assert.Equal("exact", pairs["tree_method"]);
        Assert.Equal("6", pairs["max_depth"]);
        Assert.Equal("0.05", pairs["eta"]);
        Assert.Equal("3", pairs["nthread"]);
        Assert.Equal("42", pairs["seed"]);
        Assert.Equal("aucpr", pairs["eval_metric"]);
        Assert.Equal("0.8", pairs["subsample"]);
        Assert.Equal("2", pairs["min_child_weight"]);
    }

    [Fact]
    public void Equality_compares_the_extra_entries_by_content()
    {
        var a = new BoosterParameters { Extra = new Dictionary<string, string> { ["subsample"] = "0.8" } };
        var b = new BoosterParameters { Extra = new Dictionary<string, string> { ["subsample"] = "0.8" } };
        var c = new BoosterParameters { Extra = new Dictionary<string, string> { ["subsample"] = "0.9" } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }
}
