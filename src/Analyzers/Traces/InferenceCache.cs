using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// What was inferred about a method or type of the compilation (is it a span factory, a span holder, a helper that
/// records errors), computed once per symbol. Inference may recurse (a factory returns another factory's span); a
/// symbol met again while it is being inferred counts as unknown, and a negative answer that relied on that is not
/// kept, so the answers do not depend on which call site asked first.
/// </summary>
internal sealed class InferenceCache<TValue>
    where TValue : class
{
    private ConcurrentDictionary<ISymbol, TValue?>? _results;

    public TValue? GetOrInfer<TState>(ISymbol symbol, TState state, Func<ISymbol, TState, TValue?> infer)
    {
        var results = _results;
        if (results is null)
        {
            results = new ConcurrentDictionary<ISymbol, TValue?>(SymbolEqualityComparer.Default);
            results = Interlocked.CompareExchange(ref _results, results, null) ?? results;
        }

        if (results.TryGetValue(symbol, out var known))
        {
            return known;
        }

        if (!InferenceCycles.TryEnter(symbol))
        {
            return null;
        }

        bool outerMetCycle = InferenceCycles.ResetMetCycle();
        TValue? inferred;
        try
        {
            inferred = infer(symbol, state);
        }
        finally
        {
            InferenceCycles.Leave();
        }

        bool metCycle = InferenceCycles.RestoreMetCycle(outerMetCycle);
        if (inferred is not null || !metCycle)
        {
            results.TryAdd(symbol, inferred);
        }

        return inferred;
    }
}

/// <summary>The symbols being inferred on this thread, shared by every cache so that cycles across them are seen.</summary>
internal static class InferenceCycles
{
    [ThreadStatic]
    private static List<ISymbol>? t_inProgress;

    [ThreadStatic]
    private static bool t_metCycle;

    public static bool TryEnter(ISymbol symbol)
    {
        var inProgress = t_inProgress ??= new List<ISymbol>();
        foreach (var pending in inProgress)
        {
            if (SymbolEqualityComparer.Default.Equals(pending, symbol))
            {
                t_metCycle = true;
                return false;
            }
        }

        inProgress.Add(symbol);
        return true;
    }

    public static void Leave() => t_inProgress!.RemoveAt(t_inProgress.Count - 1);

    /// <summary>Starts a fresh record of cycles for an inner inference; returns the outer one's.</summary>
    public static bool ResetMetCycle()
    {
        bool outer = t_metCycle;
        t_metCycle = false;
        return outer;
    }

    /// <summary>Ends an inner inference: returns whether it met a cycle, which the outer one then inherits.</summary>
    public static bool RestoreMetCycle(bool outer)
    {
        bool inner = t_metCycle;
        t_metCycle = outer || inner;
        return inner;
    }
}
