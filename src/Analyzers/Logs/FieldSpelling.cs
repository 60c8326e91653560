using System;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// OBS2002's judgement of one field name: the contract's spelling of the same words (<c>requiredFields</c>, <c>fields</c>),
/// or else the name respelt in <c>fieldStyle</c>.
/// </summary>
internal sealed class FieldSpelling
{
    private readonly LogsContract _logs;
    private readonly string _styleReason;

    public FieldSpelling(LogsContract logs)
    {
        _logs = logs;
        _styleReason = "the " + NamingStyles.ContractName(logs.FieldStyle) + " field style";
    }

    /// <summary>The spelling <paramref name="name"/> should have and why, or false when it is right.</summary>
    public bool TryRespell(string name, out string spelling, out string reason)
    {
        spelling = string.Empty;
        reason = string.Empty;
        if (name.Length == 0 || IsPositional(name))
        {
            return false;
        }

        if (_logs.FindCanonicalField(name) is { } canonical)
        {
            if (string.Equals(canonical, name, StringComparison.Ordinal))
            {
                return false;
            }

            spelling = canonical;
            reason = "the contract's spelling";
            return true;
        }

        if (NamingStyles.Conforms(name, _logs.FieldStyle))
        {
            return false;
        }

        spelling = NamingStyles.Format(name, _logs.FieldStyle);
        reason = _styleReason;
        return spelling.Length > 0 && !string.Equals(spelling, name, StringComparison.Ordinal);
    }

    private static bool IsPositional(string name)
    {
        foreach (char c in name)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
