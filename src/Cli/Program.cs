using System.CommandLine;
using FraudActors.Cli.Commands;

var root = new RootCommand("fraudctl: the FraudActors command line (simulate, train, evaluate, drift, replay, bench).")
{
    SimulateCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    DriftCommand.Create(),
    ReplayCommand.Create(),
    BenchCommand.Create(),
    KeysCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line naming the problem, not a page of help: scripts read stderr.
    await Console.Error.WriteLineAsync($"fraudctl: {parse.Errors[0].Message} (see fraudctl --help)");
    return 2;
}

return await parse.InvokeAsync();
