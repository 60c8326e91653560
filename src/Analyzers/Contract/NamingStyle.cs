using System.Collections.Immutable;
using System.Text;

namespace SignalContract.Analyzers.Contract;

/// <summary>Spelling styles for label keys and log field names.</summary>
internal enum NamingStyle
{
    /// <summary><c>payment_method</c></summary>
    SnakeCase,

    /// <summary>Dotted snake case, as OpenTelemetry semantic conventions write attributes: <c>http.request.method</c>.</summary>
    Otel,

    /// <summary><c>paymentMethod</c></summary>
    CamelCase,

    /// <summary><c>PaymentMethod</c></summary>
    PascalCase,
}

/// <summary>Styles for metric names.</summary>
internal enum MetricNameStyle
{
    /// <summary>Lowercase dot-separated segments, each snake case: <c>shop.checkout.order_count</c>.</summary>
    Otel,

    /// <summary>Snake case; counters end in <c>_total</c>: <c>shop_checkout_orders_total</c>.</summary>
    Prometheus,
}

internal static class NamingStyles
{
    /// <summary>The spelling of each style in contract.json.</summary>
    public static readonly ImmutableArray<(string Name, NamingStyle Style)> ContractNames = ImmutableArray.Create(
        ("snake_case", NamingStyle.SnakeCase),
        ("otel", NamingStyle.Otel),
        ("camelCase", NamingStyle.CamelCase),
        ("PascalCase", NamingStyle.PascalCase));

    public static string ContractName(NamingStyle style)
    {
        foreach (var (name, s) in ContractNames)
        {
            if (s == style)
            {
                return name;
            }
        }

        return style.ToString();
    }

    public static bool Conforms(string name, NamingStyle style) => style switch
    {
        NamingStyle.SnakeCase => IsSnakeSegment(name, 0, name.Length),
        NamingStyle.Otel => IsDottedSnake(name),
        NamingStyle.CamelCase => IsCamel(name, upperFirst: false),
        _ => IsCamel(name, upperFirst: true),
    };

    public static bool Conforms(string name, MetricNameStyle style) =>
        style == MetricNameStyle.Otel ? IsDottedSnake(name) : IsSnakeSegment(name, 0, name.Length);

    /// <summary>Respells <paramref name="name"/> in <paramref name="style"/>, keeping its words.</summary>
    public static string Format(string name, NamingStyle style)
    {
        var words = NameWords.Split(name);
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i];
            switch (style)
            {
                case NamingStyle.SnakeCase:
                    if (i > 0)
                    {
                        builder.Append('_');
                    }

                    builder.Append(word);
                    break;
                case NamingStyle.Otel:
                    if (i > 0)
                    {
                        builder.Append('.');
                    }

                    builder.Append(word);
                    break;
                default:
                    bool upper = style == NamingStyle.PascalCase || i > 0;
                    builder.Append(upper ? char.ToUpperInvariant(word[0]) : word[0]);
                    builder.Append(word, 1, word.Length - 1);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Respells a metric name: each dot-separated segment keeps its place and is written in snake case
    /// (<paramref name="style"/> Otel), or the whole name becomes one snake-case run (Prometheus).
    /// </summary>
    public static string Format(string name, MetricNameStyle style)
    {
        if (style == MetricNameStyle.Prometheus)
        {
            return Format(name, NamingStyle.SnakeCase);
        }

        var segments = name.Split('.');
        var builder = new StringBuilder(name.Length + 4);
        foreach (string segment in segments)
        {
            string formatted = Format(segment, NamingStyle.SnakeCase);
            if (formatted.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(formatted);
        }

        return builder.ToString();
    }

    private static bool IsDottedSnake(string name)
    {
        int start = 0;
        for (int i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '.')
            {
                if (!IsSnakeSegment(name, start, i))
                {
                    return false;
                }

                start = i + 1;
            }
        }

        return true;
    }

    /// <summary><c>[a-z][a-z0-9]*(_[a-z0-9]+)*</c> over name[start..end).</summary>
    private static bool IsSnakeSegment(string name, int start, int end)
    {
        if (end <= start || !IsLowerAscii(name[start]))
        {
            return false;
        }

        for (int i = start + 1; i < end; i++)
        {
            char c = name[i];
            if (c == '_')
            {
                if (i + 1 == end || name[i + 1] == '_')
                {
                    return false;
                }
            }
            else if (!IsLowerAscii(c) && !IsDigitAscii(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCamel(string name, bool upperFirst)
    {
        if (name.Length == 0 || !(upperFirst ? IsUpperAscii(name[0]) : IsLowerAscii(name[0])))
        {
            return false;
        }

        for (int i = 1; i < name.Length; i++)
        {
            char c = name[i];
            if (!IsLowerAscii(c) && !IsUpperAscii(c) && !IsDigitAscii(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAscii(char c) => c >= 'a' && c <= 'z';

    private static bool IsUpperAscii(char c) => c >= 'A' && c <= 'Z';

    private static bool IsDigitAscii(char c) => c >= '0' && c <= '9';
}
