using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Traces;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.IncomingTraceContextAnalyzer,
    SignalContract.CodeFixes.Traces.IncomingTraceContextCodeFix>;

namespace SignalContract.Analyzers.Tests.Traces;

/// <summary>
/// OBS3007's fix for every carrier shape, through both propagation APIs: OpenTelemetry's when the project references
/// OpenTelemetry.Api, System.Diagnostics' otherwise. Each fixed source is compiled by the verifier.
/// </summary>
public class IncomingTraceContextCodeFixTests
{
    private static Task VerifyFixAsync(ReferenceSet references, string source, string fixedSource, int findings = 1)
    {
        var test = new Verify.Test(references)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = IncomingTraceContextCodeFix.ExtractParentKey,
        };
        for (int i = 0; i < findings; i++)
        {
            test.ExpectedDiagnostics.Add(IncomingTraceContextAnalyzerTests.Expected(i, "Consumer"));
        }

        return test.RunAsync(CancellationToken.None);
    }

    // ---- OpenTelemetry.Api: Propagators.DefaultTextMapPropagator ----

    [Fact]
    public async Task DictionaryParameter_ExtractsWithOpenTelemetry()
    {
        await VerifyFixAsync(TestReferences.Net80, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers, byte[] body)
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers, byte[] body)
                {
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, headers, (carrier, key) => carrier.TryGetValue(key, out var value) ? new[] { value } : Array.Empty<string>());
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext.ActivityContext);
                }
            }
            """);
    }

    [Fact]
    public async Task ReadOnlyDictionaryLocal_ExtractsWithOpenTelemetry()
    {
        await VerifyFixAsync(TestReferences.Net80, """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(Func<IReadOnlyDictionary<string, string>> receive)
                {
                    IReadOnlyDictionary<string, string> received = receive();
                    var activity = {|#0:Source.CreateActivity("orders.consume", ActivityKind.Consumer)|};
                    activity?.Start();
                    activity?.Stop();
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(Func<IReadOnlyDictionary<string, string>> receive)
                {
                    IReadOnlyDictionary<string, string> received = receive();
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, received, (carrier, key) => carrier.TryGetValue(key, out var value) ? new[] { value } : Array.Empty<string>());
                    var activity = Source.CreateActivity("orders.consume", ActivityKind.Consumer, parentContext.ActivityContext);
                    activity?.Start();
                    activity?.Stop();
                }
            }
            """);
    }

    [Fact]
    public async Task KeyValuePairsParameter_ExtractsWithOpenTelemetry()
    {
        await VerifyFixAsync(TestReferences.Net80, """
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IEnumerable<KeyValuePair<string, string>> headers)
                {
                    using var activity = {|#0:Source.StartActivity(ActivityKind.Consumer)|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IEnumerable<KeyValuePair<string, string>> headers)
                {
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, headers, (carrier, key) =>
                    {
                        foreach (var pair in carrier)
                        {
                            if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
                            {
                                return new[] { pair.Value };
                            }
                        }

                        return Array.Empty<string>();
                    });
                    using var activity = Source.StartActivity(ActivityKind.Consumer, parentContext.ActivityContext);
                }
            }
            """);
    }

    [Fact]
    public async Task NameValueCollectionField_ExtractsWithOpenTelemetry()
    {
        await VerifyFixAsync(TestReferences.Net80, """
            using System.Collections.Specialized;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");
                private readonly NameValueCollection properties = new();

                void Consume()
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext: default)|};
                }
            }
            """, """
            using System;
            using System.Collections.Specialized;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");
                private readonly NameValueCollection properties = new();

                void Consume()
                {
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, properties, (carrier, key) => carrier.GetValues(key) ?? Array.Empty<string>());
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext: parentContext.ActivityContext);
                }
            }
            """);
    }

    [Fact]
    public async Task MessageWithHeaders_ExtractsWithOpenTelemetryForATelemetrySpan()
    {
        await VerifyFixAsync(TestReferences.Net80, """
            using System.Collections.Generic;
            using OpenTelemetry.Trace;

            class QueueMessage
            {
                public Dictionary<string, string> Headers { get; } = new();

                public byte[] Body { get; set; } = new byte[0];
            }

            class QueueWorker
            {
                private readonly Tracer tracer;

                public QueueWorker(Tracer tracer) => this.tracer = tracer;

                void Consume(QueueMessage message)
                {
                    using var span = {|#0:tracer.StartActiveSpan("orders.consume", SpanKind.Consumer)|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using OpenTelemetry.Context.Propagation;
            using OpenTelemetry.Trace;

            class QueueMessage
            {
                public Dictionary<string, string> Headers { get; } = new();

                public byte[] Body { get; set; } = new byte[0];
            }

            class QueueWorker
            {
                private readonly Tracer tracer;

                public QueueWorker(Tracer tracer) => this.tracer = tracer;

                void Consume(QueueMessage message)
                {
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, message.Headers, (carrier, key) => carrier.TryGetValue(key, out var value) ? new[] { value } : Array.Empty<string>());
                    using var span = tracer.StartActiveSpan("orders.consume", SpanKind.Consumer, new SpanContext(parentContext.ActivityContext));
                }
            }
            """);
    }

    [Fact]
    public async Task TwoConsumersInOneFile_FixAll()
    {
        await VerifyFixAsync(TestReferences.Net80, """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers)
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }

                void Redeliver(IDictionary<string, string> headers, int attempt)
                {
                    var parentContext = attempt;
                    using var activity = {|#1:Source.StartActivity("orders.redeliver", ActivityKind.Consumer)|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers)
                {
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, headers, (carrier, key) => carrier.TryGetValue(key, out var value) ? new[] { value } : Array.Empty<string>());
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext.ActivityContext);
                }

                void Redeliver(IDictionary<string, string> headers, int attempt)
                {
                    var parentContext = attempt;
                    var parentContext2 = Propagators.DefaultTextMapPropagator.Extract(default, headers, (carrier, key) => carrier.TryGetValue(key, out var value) ? new[] { value } : Array.Empty<string>());
                    using var activity = Source.StartActivity("orders.redeliver", ActivityKind.Consumer, parentContext2.ActivityContext);
                }
            }
            """,
            findings: 2);
    }

    // ---- System.Diagnostics alone: DistributedContextPropagator.Current ----

    [Fact]
    public async Task DictionaryParameter_ExtractsWithDistributedContextPropagator()
    {
        await VerifyFixAsync(TestReferences.Net80WithoutOpenTelemetry, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers)
                {
                    // One span per message.
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers)
                {
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        headers,
                        (object carrier, string fieldName, out string fieldValue, out IEnumerable<string> fieldValues) =>
                        {
                            fieldValues = null;
                            ((IDictionary<string, string>)carrier!).TryGetValue(fieldName, out fieldValue);
                        },
                        out var traceParent,
                        out var traceState);
                    ActivityContext.TryParse(traceParent, traceState, out var parentContext);
                    // One span per message.
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext);
                }
            }
            """);
    }

    [Fact]
    public async Task TwoConsumersInOneBlock_FixAllDeclaresDistinctLocals()
    {
        await VerifyFixAsync(TestReferences.Net80WithoutOpenTelemetry, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers)
                {
                    var first = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                    first?.Stop();
                    var retry = {|#1:Source.StartActivity("orders.retry", ActivityKind.Consumer)|};
                    retry?.Stop();
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IDictionary<string, string> headers)
                {
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        headers,
                        (object carrier, string fieldName, out string fieldValue, out IEnumerable<string> fieldValues) =>
                        {
                            fieldValues = null;
                            ((IDictionary<string, string>)carrier!).TryGetValue(fieldName, out fieldValue);
                        },
                        out var traceParent,
                        out var traceState);
                    ActivityContext.TryParse(traceParent, traceState, out var parentContext);
                    var first = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext);
                    first?.Stop();
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        headers,
                        (object carrier, string fieldName, out string fieldValue, out IEnumerable<string> fieldValues) =>
                        {
                            fieldValues = null;
                            ((IDictionary<string, string>)carrier!).TryGetValue(fieldName, out fieldValue);
                        },
                        out var traceParent2,
                        out var traceState2);
                    ActivityContext.TryParse(traceParent2, traceState2, out var parentContext2);
                    var retry = Source.StartActivity("orders.retry", ActivityKind.Consumer, parentContext2);
                    retry?.Stop();
                }
            }
            """,
            findings: 2);
    }

    [Fact]
    public async Task ReadOnlyDictionaryInANullableContext_ExtractsWithDistributedContextPropagator()
    {
        await VerifyFixAsync(TestReferences.Net80WithoutOpenTelemetry, """
            #nullable enable
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IReadOnlyDictionary<string, string> headers)
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }
            }
            """, """
            #nullable enable
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IReadOnlyDictionary<string, string> headers)
                {
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        headers,
                        (object? carrier, string fieldName, out string? fieldValue, out IEnumerable<string>? fieldValues) =>
                        {
                            fieldValues = null;
                            ((IReadOnlyDictionary<string, string>)carrier!).TryGetValue(fieldName, out fieldValue);
                        },
                        out var traceParent,
                        out var traceState);
                    ActivityContext.TryParse(traceParent, traceState, out var parentContext);
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext);
                }
            }
            """);
    }

    [Fact]
    public async Task KeyValuePairsParameter_ExtractsWithDistributedContextPropagator()
    {
        await VerifyFixAsync(TestReferences.Net80WithoutOpenTelemetry, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(List<KeyValuePair<string, string>> headers)
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(List<KeyValuePair<string, string>> headers)
                {
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        headers,
                        (object carrier, string fieldName, out string fieldValue, out IEnumerable<string> fieldValues) =>
                        {
                            fieldValues = null;
                            fieldValue = null;
                            foreach (var pair in (IEnumerable<KeyValuePair<string, string>>)carrier!)
                            {
                                if (string.Equals(pair.Key, fieldName, StringComparison.OrdinalIgnoreCase))
                                {
                                    fieldValue = pair.Value;
                                    break;
                                }
                            }
                        },
                        out var traceParent,
                        out var traceState);
                    ActivityContext.TryParse(traceParent, traceState, out var parentContext);
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext);
                }
            }
            """);
    }

    [Fact]
    public async Task NameValueCollectionParameter_ExtractsWithDistributedContextPropagator()
    {
        await VerifyFixAsync(TestReferences.Net80WithoutOpenTelemetry, """
            using System.Collections.Specialized;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(NameValueCollection properties)
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Collections.Specialized;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(NameValueCollection properties)
                {
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        properties,
                        (object carrier, string fieldName, out string fieldValue, out IEnumerable<string> fieldValues) =>
                        {
                            fieldValues = null;
                            fieldValue = ((NameValueCollection)carrier!)[fieldName];
                        },
                        out var traceParent,
                        out var traceState);
                    ActivityContext.TryParse(traceParent, traceState, out var parentContext);
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext);
                }
            }
            """);
    }

    [Fact]
    public async Task MessageWithHeaders_ExtractsWithDistributedContextPropagator()
    {
        await VerifyFixAsync(TestReferences.Net80WithoutOpenTelemetry, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueMessage
            {
                public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();
            }

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(QueueMessage message)
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueMessage
            {
                public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();
            }

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(QueueMessage message)
                {
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        message.Headers,
                        (object carrier, string fieldName, out string fieldValue, out IEnumerable<string> fieldValues) =>
                        {
                            fieldValues = null;
                            ((IDictionary<string, string>)carrier!).TryGetValue(fieldName, out fieldValue);
                        },
                        out var traceParent,
                        out var traceState);
                    ActivityContext.TryParse(traceParent, traceState, out var parentContext);
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parentContext);
                }
            }
            """);
    }

    // ---- no fix ----

    [Fact]
    public async Task NoCarrierInScope_HasNoFix()
    {
        string source = """
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(byte[] body, Dictionary<string, object> properties, string traceParent)
                {
                    using var activity = [|Source.StartActivity("orders.consume", ActivityKind.Consumer)|];
                }

                void Later(Dictionary<string, string> headers) { }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, contract: null);
    }
}
