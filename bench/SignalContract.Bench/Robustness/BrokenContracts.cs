using System.Collections.Generic;
using System.Text;

namespace SignalContract.Bench.Robustness;

/// <summary>
/// A contract.json text to analyse with; null text means no contract at all. <paramref name="ConfiguredPath"/> sets the
/// SignalContractPath build property; <paramref name="SecondContract"/> adds another contract.json in another folder.
/// </summary>
internal sealed record ContractVariant(string Name, string? Text, string? ConfiguredPath = null, string? SecondContract = null);

/// <summary>Contracts that are wrong in every way a hand-edited or half-saved file can be.</summary>
internal static class BrokenContracts
{
    public static IReadOnlyList<ContractVariant> All(string validContract)
    {
        var list = new List<ContractVariant>
        {
            new("empty file", string.Empty),
            new("only whitespace", "   \n\t  \r\n  "),
            new("BOM only", "\uFEFF"),
            new("BOM then valid contract", "\uFEFF" + validContract),
            new("NUL bytes", "\0\0\0{\0}"),
            new("syntax error: unclosed array", "{ \"version\": 1, \"metrics\": { \"namespaces\": [\"shop\" } }"),
            new("syntax error: truncated", validContract.Substring(0, validContract.Length / 2)),
            new("syntax error: lone quote", "\""),
            new("syntax error: trailing comma", "{ \"version\": 1, \"metrics\": { \"namespaces\": [\"shop\",], }, }"),
            new("syntax error: comments", "// contract\n{ /* v */ \"version\": 1 }"),
            new("syntax error: single quotes", "{ 'version': 1, 'metrics': { 'namespaces': ['shop'] } }"),
            new("syntax error: garbage after root", "{ \"version\": 1 } { \"version\": 1 }"),
            new("bad escapes", "{ \"version\": 1, \"service\": \"a\\x\\u12\", \"metrics\": { \"namespaces\": [\"\\ud800\", \"\\u0000\"] } }"),
            new("raw control characters", "{ \"version\": 1, \"service\": \"a\u0001b\u001f\", \"metrics\": { \"namespaces\": [\"sh\u0007op\"] } }"),
            new("root is array", "[1, 2, 3]"),
            new("root is string", "\"contract\""),
            new("root is null", "null"),
            new("root is number", "42"),
            new("missing version", "{ \"metrics\": { \"namespaces\": [\"shop\"] } }"),
            new("unsupported version", "{ \"version\": 2 }"),
            new("odd numbers", "{ \"version\": 1e999, \"x\": -0, \"y\": 1.0e-400, \"z\": 123456789012345678901234567890 }"),
            new("version as float", "{ \"version\": 1.0 }"),
            new("wrong types everywhere",
                "{ \"version\": \"one\", \"service\": 5, \"metrics\": { \"namespaces\": \"shop\", \"nameStyle\": 5, \"labelStyle\": [], \"requireDeclared\": \"yes\", "
                + "\"forbiddenLabels\": {}, \"instruments\": [ { \"name\": 3, \"kind\": [\"counter\"], \"unit\": false, \"labels\": \"a\", \"renamedFrom\": 7 }, 5, null, \"x\" ] }, "
                + "\"logs\": [], \"traces\": { \"sources\": [1], \"spans\": {}, \"recordErrors\": null, \"requireDeclared\": 1 }, \"pii\": { \"fields\": [1, 2], \"allow\": true, \"redactor\": [] } }"),
            new("wrong types, valid version",
                "{ \"version\": 1, \"metrics\": { \"namespaces\": [\"shop\", 7, null, [\"nested\"]], \"instruments\": [ { \"name\": \"shop.a\", \"kind\": \"rainbow\", \"labels\": [null] }, { } ] }, "
                + "\"traces\": { \"spans\": [ { \"name\": null, \"attributes\": [1] }, { \"attributes\": \"x\" } ] }, \"logs\": { \"minimumLevel\": \"information\", \"fieldStyle\": \"kebab\" } }"),
            new("null values", "{ \"version\": 1, \"service\": null, \"metrics\": null, \"logs\": null, \"traces\": null, \"pii\": null }"),
            new("empty strings", "{ \"version\": 1, \"service\": \"\", \"metrics\": { \"namespaces\": [\"\", \" \", \".\"], \"instruments\": [ { \"name\": \"\", \"kind\": \"counter\", \"unit\": \"\", \"labels\": [\"\"] } ] }, "
                + "\"traces\": { \"sources\": [\"\"], \"spans\": [ { \"name\": \"\" } ] }, \"pii\": { \"fields\": [\"\"], \"redactor\": \"\" } }"),
            new("unknown keys", "{ \"version\": 1, \"metrcs\": {}, \"Metrics\": 1, \"metrics\": { \"nameStyl\": \"otel\", \"instruments\": [ { \"name\": \"shop.a\", \"knd\": \"counter\", \"kind\": \"counter\" } ] }, "
                + "\"traces\": { \"spanz\": [] }, \"$comment\": \"ok\", \"$other\": 1 }"),
            new("duplicate keys", "{ \"version\": 1, \"version\": 2, \"metrics\": { \"namespaces\": [\"a\"], \"namespaces\": [\"b\"], \"instruments\": [ { \"name\": \"shop.a\", \"name\": \"shop.b\", \"kind\": \"counter\" } ] }, \"metrics\": {} }"),
            new("duplicate list items", "{ \"version\": 1, \"metrics\": { \"namespaces\": [\"shop\", \"shop\"], \"instruments\": [ { \"name\": \"shop.a\", \"kind\": \"counter\" }, { \"name\": \"shop.a\", \"kind\": \"histogram\" } ] }, "
                + "\"traces\": { \"spans\": [ { \"name\": \"s\" }, { \"name\": \"s\" } ] } }"),
            new("renamed into itself", "{ \"version\": 1, \"metrics\": { \"namespaces\": [\"shop\"], \"instruments\": [ { \"name\": \"shop.a\", \"kind\": \"counter\", \"renamedFrom\": [\"shop.a\", \"shop.b\"] }, { \"name\": \"shop.b\", \"kind\": \"counter\", \"renamedFrom\": [\"shop.a\"] } ] } }"),
            new("non-ASCII names", "{ \"version\": 1, \"service\": \"магазин\", \"metrics\": { \"namespaces\": [\"shöp\", \"магазин\", \"店\", \"e\u0301\"], \"labelStyle\": \"snake_case\", "
                + "\"instruments\": [ { \"name\": \"shöp.ördérs\", \"kind\": \"counter\", \"unit\": \"{ördér}\", \"labels\": [\"région\", \"\u200b\", \"𝔘𝔫𝔦\"] } ] }, "
                + "\"logs\": { \"fields\": [\"İd\", \"ß\"] }, \"traces\": { \"sources\": [\"🛒\", \"\u202Eevil\"] }, \"pii\": { \"fields\": [\"e\u2011mail\", \"ΣΣΝ\", \"ﬁle\"] } }"),
            new("deep nesting, arrays, 10,000 levels", "{ \"version\": 1, \"x\": " + new string('[', 10_000) + new string(']', 10_000) + " }"),
            new("deep nesting, objects, 10,000 levels", Repeat("{\"a\":", 10_000) + "1" + new string('}', 10_000)),
            new("deep nesting, unterminated", new string('[', 10_000)),
            new("deep nesting, 63 levels in metrics", "{ \"version\": 1, \"metrics\": { \"$comment\": " + new string('[', 60) + new string(']', 60) + " } }"),
            new("huge file (about 5 MB)", Huge(validContract)),
            new("huge string (about 5 MB)", "{ \"version\": 1, \"service\": \"" + new string('s', 5_000_000) + "\" }"),
            new("huge list (100,000 namespaces)", "{ \"version\": 1, \"metrics\": { \"namespaces\": [" + HugeList(100_000) + "] } }"),
            new("minimal", "{ \"version\": 1 }"),
            new("no contract", null),
            new("SignalContractPath names a missing file", validContract, ConfiguredPath: "/missing/contract.json"),
            new("SignalContractPath names the file", validContract, ConfiguredPath: "/corpus/contract.json"),
            new("SignalContractPath is blank", validContract, ConfiguredPath: "  "),
            new("two contract.json files", validContract, SecondContract: "{ \"version\": 1, \"metrics\": { \"namespaces\": [\"other\"] } }"),
        };
        return list;
    }

    private static string Repeat(string text, int count)
    {
        var builder = new StringBuilder(text.Length * count);
        for (int i = 0; i < count; i++)
        {
            builder.Append(text);
        }

        return builder.ToString();
    }

    private static string HugeList(int count)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "\"shop.n" : ", \"shop.n").Append(i).Append('"');
        }

        return builder.ToString();
    }

    /// <summary>A valid contract padded with declared instruments until it is about 5 MB.</summary>
    private static string Huge(string validContract)
    {
        var builder = new StringBuilder("{ \"version\": 1, \"metrics\": { \"namespaces\": [\"shop\"], \"instruments\": [\n");
        int i = 0;
        while (builder.Length < 5_000_000)
        {
            builder.Append(i == 0 ? "  " : ", ")
                .Append("{ \"name\": \"shop.generated.instrument_").Append(i)
                .Append("\", \"kind\": \"counter\", \"unit\": \"{item}\", \"labels\": [\"outcome\", \"region\"], \"renamedFrom\": [\"legacy_instrument_").Append(i).Append("_total\"] }\n");
            i++;
        }

        builder.Append("] }, \"$comment\": ").Append(validContract.Length).Append(" }");
        return builder.ToString();
    }
}
