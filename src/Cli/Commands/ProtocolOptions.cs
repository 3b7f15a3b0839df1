using System.CommandLine;
using FraudActors.Ml.Evaluation;

namespace FraudActors.Cli.Commands;

/// <summary>The options shared by commands that work on the handbook protocol: data, store, and the time split.</summary>
internal sealed class ProtocolOptions
{
    public Option<FileInfo> Data { get; } = new("--data") { Description = "Transaction CSV (from fraudctl simulate).", DefaultValueFactory = _ => new FileInfo(Path.Combine("artifacts", "data", "transactions.csv")) };

    public Option<DirectoryInfo> Store { get; } = new("--store") { Description = "Artifact store and model catalog root.", DefaultValueFactory = _ => new DirectoryInfo("artifacts") };

    public Option<DateOnly> TrainStart { get; } = new("--train-start") { Description = "First training day; the book's is 2018-07-25.", DefaultValueFactory = _ => HandbookProtocol.BookTrainingStart };

    public Option<int> TrainDays { get; } = new("--train-days") { Description = "Training days.", DefaultValueFactory = _ => 7 };

    public Option<int> DelayDays { get; } = new("--delay-days") { Description = "Days between training and test (labels arrive late).", DefaultValueFactory = _ => 7 };

    public Option<int> TestDays { get; } = new("--test-days") { Description = "Test days.", DefaultValueFactory = _ => 7 };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Store);
        command.Options.Add(TrainStart);
        command.Options.Add(TrainDays);
        command.Options.Add(DelayDays);
        command.Options.Add(TestDays);
    }

    public HandbookProtocol Protocol(ParseResult parse) =>
        new(parse.GetValue(TrainStart), parse.GetValue(TrainDays), parse.GetValue(DelayDays), parse.GetValue(TestDays));

    public string DataPath(ParseResult parse)
    {
        var file = parse.GetValue(Data)!;
        return file.Exists ? file.FullName : throw new FileNotFoundException($"{file.FullName} does not exist; create it with fraudctl simulate.", file.FullName);
    }

    public string StorePath(ParseResult parse) => parse.GetValue(Store)!.FullName;
}
