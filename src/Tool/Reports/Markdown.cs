using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SignalContract.Tool.Reports;

/// <summary>Small pieces of GitHub-flavoured Markdown shared by the reports.</summary>
internal static class Markdown
{
    public static void Table(StringBuilder builder, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        builder.Append("| ").Append(string.Join(" | ", header)).AppendLine(" |");
        builder.Append('|').Append(string.Concat(header.Select(_ => "---|"))).AppendLine();
        foreach (var row in rows)
        {
            builder.Append("| ").Append(string.Join(" | ", row.Select(Cell))).AppendLine(" |");
        }

        builder.AppendLine();
    }

    /// <summary>Inline code, or an em dash for nothing.</summary>
    public static string Code(string? text) => string.IsNullOrEmpty(text) ? "—" : "`" + text.Replace("`", "'") + "`";

    public static string CodeList(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "—" : string.Join(", ", list.Select(Code));
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", string.Empty).Replace("\n", " ");
}
