using System.Globalization;
using System.Text;

namespace FraudActors.Gateway.Tests.Metrics;

/// <summary>
/// A parsed Prometheus text exposition, strict enough to catch format errors: every sample belongs to a family whose
/// TYPE came before it, labels are quoted and escaped, values are numbers, and no series appears twice.
/// </summary>
public sealed class Scrape
{
    private Scrape(IReadOnlyDictionary<string, string> types, IReadOnlyList<Sample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Family name to its declared type.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static async Task<Scrape> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// Scrapes until <paramref name="settled"/> holds (or the deadline passes, returning the last scrape for the test's
    /// asserts to report): a grain call's and a request's duration are recorded just after the caller has its answer.
    /// </summary>
    public static async Task<Scrape> GetWhenAsync(HttpClient client, Func<Scrape, bool> settled, string what)
    {
        Scrape scrape = null!;
        try
        {
            await FraudActors.Testing.Eventually.HoldsAsync(async () => settled(scrape = await GetAsync(client)), what, TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException) when (scrape is not null)
        {
            // The exact asserts that follow say what differs.
        }

        return scrape;
    }

    public static Scrape Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<Sample>();
        var seen = new HashSet<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
                Assert.True(types.TryAdd(parts[2], parts[3]), $"TYPE of {parts[2]} declared twice");
                continue;
            }

            var sample = ParseSample(line);
            var family = FamilyOf(sample.Name, types);
            Assert.True(family is not null, $"no TYPE before {line}");
            Assert.True(seen.Add(line[..line.LastIndexOf(' ')]), $"series twice: {line}");
            samples.Add(sample);
        }

        return new Scrape(types, samples);
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Where(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples' values (0 when none match: a series not yet recorded).</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) => Where(name, labels).Sum(s => s.Value);

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type) && type == "histogram")
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        var name = line[..i];
        Assert.False(name.Length == 0 || char.IsAsciiDigit(name[0]), $"bad metric name in: {line}");
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var start = i;
                while (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_')
                {
                    i++;
                }

                var label = line[start..i];
                Assert.False(label.Length == 0 || char.IsAsciiDigit(label[0]), $"bad label name in: {line}");
                Assert.Equal("=\"", line.Substring(i, 2));
                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"bad escape in: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                Assert.True(labels.TryAdd(label, value.ToString()), $"label twice in: {line}");
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Assert.Equal(' ', line[i]);
        var text = line[(i + 1)..];
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }
}

/// <summary>One sample line.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
