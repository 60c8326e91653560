using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// The contract's <c>logs.ambientIn</c> and <c>logs.scopeProviders</c>, resolved once per compilation: the types,
/// attributes and handler-taking methods under which the host supplies a scope, and the methods whose scope supplies
/// every required field. An entry names a type when one has that metadata name; otherwise it is read as
/// <c>Namespace.Type.Method</c>. Entries the compilation cannot resolve are ignored: the project does not use them.
/// </summary>
internal sealed class HostScopes
{
    public static readonly HostScopes Empty = new(ImmutableArray<INamedTypeSymbol>.Empty, ImmutableArray<(INamedTypeSymbol, string)>.Empty, ImmutableArray<(INamedTypeSymbol, string)>.Empty);

    private readonly ImmutableArray<INamedTypeSymbol> _ambientTypes;
    private readonly ImmutableArray<(INamedTypeSymbol Type, string Method)> _ambientMethods;
    private readonly ImmutableArray<(INamedTypeSymbol Type, string Method)> _providers;
    private readonly HashSet<string> _ambientMethodNames = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _providerNames = new(System.StringComparer.Ordinal);
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _ambientTypeCache = new(SymbolEqualityComparer.Default);

    private HostScopes(ImmutableArray<INamedTypeSymbol> ambientTypes, ImmutableArray<(INamedTypeSymbol, string)> ambientMethods, ImmutableArray<(INamedTypeSymbol, string)> providers)
    {
        _ambientTypes = ambientTypes;
        _ambientMethods = ambientMethods;
        _providers = providers;
        foreach (var (_, method) in ambientMethods)
        {
            _ambientMethodNames.Add(method);
        }

        foreach (var (_, method) in providers)
        {
            _providerNames.Add(method);
        }
    }

    public bool IsEmpty => _ambientTypes.IsEmpty && _ambientMethods.IsEmpty && _providers.IsEmpty;

    public bool HasHandlerMethods => !_ambientMethods.IsEmpty;

    public bool HasProviders => !_providers.IsEmpty;

    public static HostScopes Create(Compilation compilation, LogsContract logs)
    {
        if (logs.AmbientIn.IsEmpty && logs.ScopeProviders.IsEmpty)
        {
            return Empty;
        }

        var types = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var methods = ImmutableArray.CreateBuilder<(INamedTypeSymbol, string)>();
        foreach (string entry in logs.AmbientIn)
        {
            if (compilation.GetTypeByMetadataName(entry) is { } type)
            {
                types.Add(type);
            }
            else if (MethodEntry(compilation, entry) is { } method)
            {
                methods.Add(method);
            }
        }

        var providers = ImmutableArray.CreateBuilder<(INamedTypeSymbol, string)>();
        foreach (string entry in logs.ScopeProviders)
        {
            if (MethodEntry(compilation, entry) is { } method)
            {
                providers.Add(method);
            }
        }

        return new HostScopes(types.ToImmutable(), methods.ToImmutable(), providers.ToImmutable());
    }

    /// <summary>A cheap first test on a method name before its symbol is compared: could it be a listed provider?</summary>
    public bool MayBeProvider(string methodName) => _providerNames.Contains(methodName);

    /// <summary>A cheap first test on a method name: could a lambda passed to it be a host-scoped handler?</summary>
    public bool MayTakeHandlers(string methodName) => _ambientMethodNames.Contains(methodName);

    public bool IsProvider(IMethodSymbol method) => Matches(method, _providers);

    public bool TakesHandlers(IMethodSymbol method) => Matches(method, _ambientMethods);

    /// <summary>True when code in <paramref name="type"/> (or a type it is nested in) runs in a host-supplied scope.</summary>
    public bool IsAmbientType(INamedTypeSymbol? type)
    {
        if (_ambientTypes.IsEmpty)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!_ambientTypeCache.TryGetValue(current, out bool ambient))
            {
                ambient = _ambientTypeCache.GetOrAdd(current, ComputeAmbient(current));
            }

            if (ambient)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the method itself carries a listed attribute (an Azure Functions <c>[Function]</c>, say).</summary>
    public bool IsAmbientMethod(IMethodSymbol method)
    {
        if (_ambientTypes.IsEmpty)
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (IsListedType(attribute.AttributeClass))
            {
                return true;
            }
        }

        return false;
    }

    private static (INamedTypeSymbol, string)? MethodEntry(Compilation compilation, string entry)
    {
        int dot = entry.LastIndexOf('.');
        if (dot <= 0 || dot == entry.Length - 1)
        {
            return null;
        }

        return compilation.GetTypeByMetadataName(entry.Substring(0, dot)) is { } type ? (type, entry.Substring(dot + 1)) : null;
    }

    private static bool Matches(IMethodSymbol method, ImmutableArray<(INamedTypeSymbol Type, string Method)> entries)
    {
        var original = method.ReducedFrom ?? method;
        foreach (var (type, name) in entries)
        {
            if (original.Name == name && TypeLookup.Is(original.ContainingType, type))
            {
                return true;
            }
        }

        return false;
    }

    private bool ComputeAmbient(INamedTypeSymbol type)
    {
        // Attributes count on base types too: [ApiController] is often put on a shared base controller.
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsListedType(current))
            {
                return true;
            }

            foreach (var attribute in current.GetAttributes())
            {
                for (var attributeType = attribute.AttributeClass; attributeType is not null; attributeType = attributeType.BaseType)
                {
                    if (IsListedType(attributeType))
                    {
                        return true;
                    }
                }
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsListedType(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsListedType(ITypeSymbol? type)
    {
        foreach (var listed in _ambientTypes)
        {
            if (TypeLookup.Is(type, listed))
            {
                return true;
            }
        }

        return false;
    }
}
