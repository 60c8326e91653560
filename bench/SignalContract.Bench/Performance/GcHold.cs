using System;
using System.Runtime;

namespace SignalContract.Bench.Performance;

/// <summary>
/// Holds garbage collection off while an analyzer pass runs, so that a collection caused by the driver's own binding is
/// not charged to whichever analyzer callback happens to be running when the heap's budget runs out. The driver
/// measures callbacks with a stopwatch, and one collection of a 2 GB heap takes longer than all our callbacks at 4x.
/// What a pass allocates is still reported, so the garbage our analyzers add stays visible.
/// </summary>
internal sealed class GcHold : IDisposable
{
    private GcHold(bool held)
    {
        Held = held;
    }

    /// <summary>False when the runtime refused the region or the pass outgrew it, so collections may have run.</summary>
    public bool Held { get; private set; }

    public static GcHold Start(long bytes)
    {
        try
        {
            return new GcHold(GC.TryStartNoGCRegion(bytes));
        }
        catch (ArgumentOutOfRangeException)
        {
            return new GcHold(false);
        }
        catch (InvalidOperationException)
        {
            return new GcHold(false);
        }
    }

    public void Dispose()
    {
        if (!Held)
        {
            return;
        }

        // A pass that allocated more than the region asked for ends it with a collection, which another thread's
        // allocation can also do between the test and the call.
        try
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
                return;
            }
        }
        catch (InvalidOperationException)
        {
        }

        Held = false;
    }
}
