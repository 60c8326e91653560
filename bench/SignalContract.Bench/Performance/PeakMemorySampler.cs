using System;
using System.Threading;

namespace SignalContract.Bench.Performance;

/// <summary>Samples the working set and the GC heap on a background thread and keeps the highest values seen.</summary>
internal sealed class PeakMemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stopped;
    private long _peakWorkingSet;
    private long _peakHeap;

    public PeakMemorySampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "peak-memory" };
        _thread.Start();
    }

    public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

    public long PeakHeap => Interlocked.Read(ref _peakHeap);

    public void Reset()
    {
        Interlocked.Exchange(ref _peakWorkingSet, Environment.WorkingSet);
        Interlocked.Exchange(ref _peakHeap, GC.GetTotalMemory(false));
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private void Sample()
    {
        while (!_stopped)
        {
            Max(ref _peakWorkingSet, Environment.WorkingSet);
            Max(ref _peakHeap, GC.GetTotalMemory(false));
            Thread.Sleep(25);
        }
    }

    private static void Max(ref long location, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref location)) && Interlocked.CompareExchange(ref location, value, seen) != seen)
        {
        }
    }
}
