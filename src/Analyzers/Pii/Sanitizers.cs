using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Pii;

/// <summary>
/// The methods whose result is safe to emit whatever they are given: the contract's <c>pii.redactor</c>, any
/// <c>Redactor.Redact</c> of Microsoft.Extensions.Compliance, and the methods a project lists in the .editorconfig key
/// <c>signal_contract.pii.sanitizers</c> (comma-separated <c>Namespace.Type.Method</c>, every overload).
/// </summary>
internal sealed class Sanitizers
{
    /// <summary>The .editorconfig key that lists a project's hashing and masking helpers.</summary>
    public const string SanitizersKey = "signal_contract.pii.sanitizers";

    private static readonly MethodNames NoNames = new(Array.Empty<string>());

    private readonly MethodNames _contract;
    private readonly INamedTypeSymbol? _redactor;
    private readonly AnalyzerConfigOptionsProvider? _options;
    private readonly ConcurrentDictionary<SyntaxTree, MethodNames> _byTree = new();
    private readonly ConcurrentDictionary<string, MethodNames> _byValue = new(StringComparer.Ordinal);

    public Sanitizers(string? contractRedactor, INamedTypeSymbol? redactor, AnalyzerConfigOptionsProvider? options)
    {
        _contract = contractRedactor is null ? NoNames : new MethodNames(new[] { contractRedactor });
        _redactor = redactor;
        _options = options;
    }

    /// <summary>True when <paramref name="method"/>, called in <paramref name="tree"/>, returns a sanitized value.</summary>
    public bool IsSanitizer(IMethodSymbol method, SyntaxTree? tree)
    {
        method = method.ReducedFrom ?? method;
        if (method.Name == "Redact" && TypeLookup.DerivesFrom(method.ContainingType, _redactor))
        {
            return true;
        }

        if (_contract.Matches(method))
        {
            return true;
        }

        return tree is not null && ForTree(tree).Matches(method);
    }

    private MethodNames ForTree(SyntaxTree tree)
    {
        if (_options is null)
        {
            return NoNames;
        }

        if (!_byTree.TryGetValue(tree, out var names))
        {
            names = NoNames;
            if (_options.GetOptions(tree).TryGetValue(SanitizersKey, out string? value) && value.Trim().Length > 0)
            {
                // Every file of a project usually says the same: one table per distinct value.
                names = _byValue.GetOrAdd(value, text => new MethodNames(text.Split(',')));
            }

            names = _byTree.GetOrAdd(tree, names);
        }

        return names;
    }

    /// <summary>Fully-qualified method names, looked up by the method's simple name first.</summary>
    private sealed class MethodNames
    {
        private readonly Dictionary<string, List<string>> _typesByMethod = new(StringComparer.Ordinal);

        public MethodNames(IEnumerable<string> entries)
        {
            foreach (string entry in entries)
            {
                string name = entry.Trim();
                int dot = name.LastIndexOf('.');
                if (dot <= 0 || dot == name.Length - 1)
                {
                    continue;
                }

                string method = name.Substring(dot + 1);
                if (!_typesByMethod.TryGetValue(method, out var types))
                {
                    _typesByMethod.Add(method, types = new List<string>());
                }

                types.Add(name.Substring(0, dot));
            }
        }

        public bool Matches(IMethodSymbol method)
        {
            if (_typesByMethod.Count == 0 || !_typesByMethod.TryGetValue(method.Name, out var types) || method.ContainingType is not { } type)
            {
                return false;
            }

            string typeName = type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
            foreach (string candidate in types)
            {
                if (string.Equals(candidate, typeName, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
