using System.CommandLine;
using FraudActors.Gateway.Security;

namespace FraudActors.Cli.Commands;

/// <summary><c>fraudctl keys create</c>: mints an API key, stores only its hash, prints the key once.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Who holds the key (unique in the file).", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "Keys file the node reads (Security:ApiKeysFile).", DefaultValueFactory = _ => new FileInfo(Path.Combine("artifacts", "node", "api-keys.json")) };
        var create = new Command("create", "Create an API key: its hash goes into the keys file, the key itself is printed once.") { name, role, file };
        create.SetAction((parse, _) => CommandFailure.RunAsync("keys create", () =>
        {
            var chosenRole = parse.GetValue(role)!;
            if (!Roles.All.Contains(chosenRole))
            {
                throw new ArgumentException($"--role must be one of {string.Join(", ", Roles.All)}, not '{chosenRole}'.");
            }

            var key = ApiKey.Create();
            ApiKeyRing.AppendToFile(parse.GetValue(file)!.FullName, new ApiKeyEntry { Name = parse.GetValue(name)!, Role = chosenRole, Hash = ApiKey.Hash(key) });
            Console.WriteLine(key);
            return Task.FromResult(0);
        }));

        var command = new Command("keys", "API keys of the node.");
        command.Subcommands.Add(create);
        return command;
    }
}
