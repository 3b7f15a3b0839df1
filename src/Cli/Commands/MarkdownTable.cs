using System.Text;

namespace FraudActors.Cli.Commands;

/// <summary>
/// A table printed as Markdown, never wrapped to the terminal's width, so results paste into docs as printed.
/// </summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void AddRow(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"The table has {headers.Length} columns, the row {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public string Render()
    {
        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(text, headers, widths);
        Line(text, widths.Select(width => new string('-', width)).ToArray(), widths);
        foreach (var row in _rows)
        {
            Line(text, row, widths);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var column = 0; column < cells.Length; column++)
        {
            text.Append(' ').Append(cells[column].PadRight(widths[column])).Append(" |");
        }

        text.AppendLine();
    }
}
