using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// Who calls the compilation's own methods, and which required fields each call site supplies, for OBS2001's last
/// question: "does every caller of this method supply the field?". Every call of a source method is recorded as it is
/// analysed (its target, the method it stands in, and the fields the scopes around it supply: bits, nothing parsed
/// twice); only the methods that hold a log call still missing fields are resolved, when the compilation has been seen.
/// </summary>
internal sealed class CallerGraph
{
    /// <summary>How far up the callers a field may come from: a handler, its service, the service's helper.</summary>
    public const int Depth = 3;

    private readonly ConcurrentDictionary<IMethodSymbol, Sites> _callers = new(SymbolEqualityComparer.Default);
    private readonly ulong _all;

    public CallerGraph(ulong all)
    {
        _all = all;
    }

    /// <summary>Records that <paramref name="caller"/> calls <paramref name="target"/> where <paramref name="supplied"/> is in scope.</summary>
    public void Record(IMethodSymbol target, IMethodSymbol? caller, ulong supplied)
    {
        if (!_callers.TryGetValue(target, out var sites))
        {
            sites = _callers.GetOrAdd(target, new Sites());
        }

        sites.Add(caller, supplied);
    }

    /// <summary>True when <paramref name="method"/> has a recorded caller (a <c>[LoggerMessage]</c> method that does not is judged at its declaration).</summary>
    public bool HasCallers(IMethodSymbol method) => _callers.ContainsKey(method);

    /// <summary>
    /// The required fields every caller of <paramref name="method"/> supplies at its call site, by its scopes or by its own
    /// callers, up to <see cref="Depth"/> calls up. Calls to a method it overrides or implements are its calls too. A
    /// method without callers is judged on its own: its callers supply nothing.
    /// </summary>
    public ulong SuppliedByCallers(IMethodSymbol method)
    {
        var visiting = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        return Supplied(method, Depth, visiting);
    }

    private ulong Supplied(IMethodSymbol method, int depth, HashSet<IMethodSymbol> visiting)
    {
        if (depth == 0 || !visiting.Add(method))
        {
            return 0;
        }

        ulong result = _all;
        bool anyCaller = false;
        foreach (var target in CalledAs(method))
        {
            if (!_callers.TryGetValue(target, out var sites))
            {
                continue;
            }

            foreach (var (caller, local) in sites.Snapshot())
            {
                // A recursive call inherits whatever the method's other callers supply.
                if (caller is not null && visiting.Contains(caller))
                {
                    continue;
                }

                anyCaller = true;
                ulong supplied = local;
                if ((result & ~supplied) != 0 && caller is not null)
                {
                    supplied |= Supplied(caller, depth - 1, visiting);
                }

                result &= supplied;
                if (result == 0)
                {
                    break;
                }
            }
        }

        visiting.Remove(method);
        return anyCaller ? result : 0;
    }

    /// <summary>The method, and the methods it overrides or implements, through which a call can reach it.</summary>
    private static IEnumerable<IMethodSymbol> CalledAs(IMethodSymbol method)
    {
        yield return method;
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            yield return overridden.OriginalDefinition;
        }

        foreach (var explicitImplementation in method.ExplicitInterfaceImplementations)
        {
            yield return explicitImplementation.OriginalDefinition;
        }

        if (method.ContainingType is { } type && method.DeclaredAccessibility == Accessibility.Public)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                foreach (var member in implemented.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod), method))
                    {
                        yield return interfaceMethod.OriginalDefinition;
                    }
                }
            }
        }
    }

    /// <summary>The call sites of one method; one entry per calling method, holding the fields all its sites supply.</summary>
    private sealed class Sites
    {
        // A shared helper is called from hundreds of methods: one entry per caller, found by hash, not by a scan.
        private readonly Dictionary<IMethodSymbol, ulong> _byCaller = new(SymbolEqualityComparer.Default);
        private ulong? _withoutCaller;

        public void Add(IMethodSymbol? caller, ulong supplied)
        {
            lock (_byCaller)
            {
                if (caller is null)
                {
                    _withoutCaller = (_withoutCaller ?? ulong.MaxValue) & supplied;
                }
                else
                {
                    _byCaller[caller] = _byCaller.TryGetValue(caller, out ulong known) ? known & supplied : supplied;
                }
            }
        }

        public (IMethodSymbol? Caller, ulong Supplied)[] Snapshot()
        {
            lock (_byCaller)
            {
                var sites = new (IMethodSymbol? Caller, ulong Supplied)[_byCaller.Count + (_withoutCaller is null ? 0 : 1)];
                int i = 0;
                foreach (var entry in _byCaller)
                {
                    sites[i++] = (entry.Key, entry.Value);
                }

                if (_withoutCaller is { } supplied)
                {
                    sites[i] = (null, supplied);
                }

                return sites;
            }
        }
    }
}
