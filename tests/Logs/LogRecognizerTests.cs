using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Logs;
using SignalContract.Analyzers.Tests.Verifiers;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>
/// The shared recognition: every API shape read as one <see cref="LogCall"/> (level, template, bound arguments,
/// exception, fields), and the scopes around a call. Rules and tools rely on these answers.
/// </summary>
public class LogRecognizerTests
{
    [Theory]
    [InlineData("logger.LogInformation(\"Order {OrderId} for {Region}\", id, region)", "MelExtension", "Information")]
    [InlineData("logger.LogWarning(new EventId(7), \"Order {OrderId} for {Region}\", id, region)", "MelExtension", "Warning")]
    [InlineData("logger.LogError(ex, \"Order {OrderId} for {Region}\", id, region)", "MelExtension", "Error")]
    [InlineData("logger.LogCritical(new EventId(7), ex, \"Order {OrderId} for {Region}\", id, region)", "MelExtension", "Critical")]
    [InlineData("logger.Log(LogLevel.Debug, \"Order {OrderId} for {Region}\", id, region)", "MelExtension", "Debug")]
    [InlineData("logger.Log(LogLevel.Trace, new EventId(7), ex, \"Order {OrderId} for {Region}\", id, region)", "MelExtension", "Trace")]
    [InlineData("logger.LogInformation(\"Order {OrderId} for {Region}\", new object[] { id, region })", "MelExtension", "Information")]
    [InlineData("serilog.Information(\"Order {OrderId} for {Region}\", id, region)", "Serilog", "Information")]
    [InlineData("serilog.Warning(ex, \"Order {OrderId} for {Region}\", id, region)", "Serilog", "Warning")]
    [InlineData("Serilog.Log.Fatal(\"Order {OrderId} for {Region}\", id, region)", "Serilog", "Critical")]
    [InlineData("Serilog.Log.Write(Serilog.Events.LogEventLevel.Verbose, \"Order {OrderId} for {Region}\", id, region)", "Serilog", "Trace")]
    [InlineData("Serilog.Log.Information(\"Order {OrderId} for {Region}\", id, region, 3, 4)", "Serilog", "Information")]
    [InlineData("serilog.Error(ex, \"Order {OrderId} for {Region}\", new object[] { id, region })", "Serilog", "Error")]
    public void EveryOverloadShape_ReadsLevelTemplateAndArguments(string call, string api, string level)
    {
        var read = ReadOnly(call);

        Assert.Equal(api, read.Api.ToString());
        Assert.Equal(Enum.Parse<LogLevelThreshold>(level), read.Level.Level);
        Assert.Equal("Order {OrderId} for {Region}", read.Template.Parsed.Text);
        Assert.Equal(new[] { "OrderId", "Region" }, read.Fields.Select(f => f.Name));
        Assert.Equal(new[] { "id", "region" }, read.Fields.Select(f => f.Value?.Syntax.ToString()));
        Assert.Equal(call.Contains("ex,", StringComparison.Ordinal), read.Exception is not null);
    }

    [Fact]
    public void LevelGivenByAVariable_IsUnknownAndCountsAsAboveEveryMinimum()
    {
        var read = ReadOnly("logger.Log(level, \"Order {OrderId}\", id)");
        Assert.False(read.Level.IsKnown);
        Assert.True(read.Level.IsAtLeast(LogLevelThreshold.Critical));
    }

    [Fact]
    public void LevelNone_IsBelowEveryMinimum() =>
        Assert.False(ReadOnly("logger.Log(LogLevel.None, \"Order {OrderId}\", id)").Level.IsAtLeast(LogLevelThreshold.Trace));

    [Theory]
    [InlineData("logger.LogInformation($\"Order {id} placed\")", "NotConstant")]
    [InlineData("logger.LogInformation(\"Order \" + id + \" placed\")", "NotConstant")]
    [InlineData("logger.LogInformation($\"{nameof(Payment)} placed\")", "Constant")]
    [InlineData("logger.LogInformation(Placed, id)", "Constant")]
    [InlineData("logger.LogInformation(\"Order \" + \"{OrderId}\", id)", "Constant")]
    [InlineData("logger.LogInformation(Resources.GetString(\"placed\"), id)", "Unreadable")]
    [InlineData("logger.LogInformation(region, id)", "Unreadable")]
    public void TemplateStates_AreTold(string call, string state) =>
        Assert.Equal(state, ReadOnly(call).Template.State.ToString());

    [Fact]
    public void NonLogCalls_AreNone()
    {
        var (recognizer, invocations) = Compile("""
            Console.WriteLine("Order {OrderId}", id);
            new Shop.Own().LogInformation("Order {OrderId}", id);
            """);
        Assert.All(invocations, invocation => Assert.Null(recognizer.ReadCall(invocation)));
    }

    [Fact]
    public void LoggerMessageMethod_ReadsAttributeParametersAndLogProperties()
    {
        var (recognizer, invocations) = Compile("""
            ShopLog.OrderPlaced(logger, id, region, new Shop.Payment("card", 3), ex);
            """);
        var read = recognizer.ReadCall(invocations.Single())!;

        Assert.Equal(LogApi.LoggerMessageMethod, read.Api);
        Assert.Equal(LogLevelThreshold.Information, read.Level.Level);
        Assert.Equal("Order {OrderId} placed in {region}", read.Template.Parsed.Text);
        Assert.Equal(new[] { "OrderId", "region", "Method", "Attempts" }, read.Fields.Select(f => f.Name));
        Assert.Equal(new[] { "id", "region" }, read.Fields.Take(2).Select(f => f.Value!.Syntax.ToString()));
        Assert.Equal("ex", read.Exception!.Syntax.ToString());
    }

    [Fact]
    public void DefinedMessage_ReadsTheDefineInitializer()
    {
        var (recognizer, invocations) = Compile("""
            ShopLog.Cancelled(logger, id, null);
            """);
        var read = recognizer.ReadCall(invocations.Single(i => i.TargetMethod.Name == "Invoke"))!;

        Assert.Equal(LogApi.MelDefinedMessage, read.Api);
        Assert.Equal(LogLevelThreshold.Warning, read.Level.Level);
        Assert.Equal("OrderId", Assert.Single(read.Fields).Name);
        Assert.Null(read.Exception);
    }

    [Fact]
    public void Wrappers_AreLogCallsWithTheirNamedLevel()
    {
        var (recognizer, invocations) = Compile("""
            Shop.AppLog.Warn("Order {OrderId} slow", id);
            Shop.AppLog.Write(LogLevel.Error, "Order {OrderId} failed", id);
            """);
        var reads = invocations.Select(i => recognizer.ReadCall(i)!).ToList();

        Assert.All(reads, r => Assert.Equal(LogApi.Wrapper, r.Api));
        Assert.Equal(LogLevelThreshold.Warning, reads[0].Level.Level);
        Assert.Equal(LogLevelThreshold.Error, reads[1].Level.Level);
        Assert.All(reads, r => Assert.Equal("OrderId", Assert.Single(r.Fields).Name));
    }

    [Fact]
    public void ForContextNames_AreFieldsOfTheLogger()
    {
        var (recognizer, invocations) = Compile("""
            var scoped = serilog.ForContext("RequestId", id);
            scoped.ForContext("TenantId", region).Information("Order placed");
            """);
        var read = recognizer.ReadCall(invocations.Single(i => i.TargetMethod.Name == "Information"))!;

        Assert.Equal(new[] { "TenantId", "RequestId" }, recognizer.LoggerContextFields(read).Select(f => f.Name));
    }

    [Fact]
    public void Scopes_AddUpInnermostFirst()
    {
        var (recognizer, invocations) = Compile("""
            using var outer = logger.BeginScope(new Dictionary<string, object> { ["request_id"] = id });
            using (logger.BeginScope("Handling {CorrelationId}", region))
            using (Serilog.Context.LogContext.PushProperty("TenantId", region))
            {
                var pairs = logger.BeginScope(new[] { new KeyValuePair<string, object>("UserId", id) });
                logger.LogInformation("Order placed");
            }

            logger.LogInformation("After");
            """);
        var inside = invocations.Single(i => i.Arguments.Any(a => a.Value.ConstantValue.Value as string == "Order placed"));
        var after = invocations.Single(i => i.Arguments.Any(a => a.Value.ConstantValue.Value as string == "After"));

        var scopes = recognizer.ScopesAround(inside, null);
        Assert.Equal(new[] { "UserId", "TenantId", "CorrelationId", "request_id" }, scopes.Scopes.SelectMany(s => s.Fields).Select(f => f.Name));
        Assert.Equal(ScopeExtension.KeyValuePairs, scopes.Extendable!.Extension);
        Assert.Equal(new[] { "request_id" }, recognizer.ScopesAround(after, null).Scopes.SelectMany(s => s.Fields).Select(f => f.Name));
    }

    [Fact]
    public void ScopeDisposedBeforeTheCall_DoesNotCount()
    {
        var (recognizer, invocations) = Compile("""
            var scope = logger.BeginScope(new Dictionary<string, object> { ["request_id"] = id });
            logger.LogInformation("Inside");
            scope?.Dispose();
            logger.LogInformation("After");
            """);
        Assert.Single(recognizer.ScopesAround(invocations.Single(i => Text(i) == "Inside"), null).Scopes);
        Assert.Empty(recognizer.ScopesAround(invocations.Single(i => Text(i) == "After"), null).Scopes);
    }

    [Fact]
    public void ScopesAroundALocalFunctionDeclaration_DoNotCount()
    {
        var (recognizer, invocations) = Compile("""
            using (logger.BeginScope(new Dictionary<string, object> { ["request_id"] = id }))
            {
                void Later() => logger.LogInformation("Inside");
                Later();
            }
            """);
        var scopes = recognizer.ScopesAround(invocations.Single(i => Text(i) == "Inside"), null);
        Assert.Empty(scopes.Scopes);
        Assert.Equal(EnclosingCode.LocalFunction, scopes.Code);
    }

    [Fact]
    public void ScopeStatement_IsReadOnceForEveryCallBelowIt()
    {
        var (recognizer, invocations) = Compile("""
            {
                using var first = logger.BeginScope(new Dictionary<string, object> { ["request_id"] = id });
                logger.LogInformation("One");
                logger.LogInformation("Two");
            }
            {
                using var second = logger.BeginScope(new Dictionary<string, object> { ["tenant_id"] = id });
                logger.LogInformation("Three");
            }
            """);
        var one = recognizer.ScopesAround(invocations.Single(i => Text(i) == "One"), null).Scopes;
        var two = recognizer.ScopesAround(invocations.Single(i => Text(i) == "Two"), null).Scopes;
        var three = recognizer.ScopesAround(invocations.Single(i => Text(i) == "Three"), null).Scopes;

        Assert.Equal(new[] { "request_id" }, one.SelectMany(s => s.Fields).Select(f => f.Name));
        Assert.Same(one.Single(), two.Single());
        Assert.Equal(new[] { "tenant_id" }, three.SelectMany(s => s.Fields).Select(f => f.Name));
    }

    [Theory]
    [InlineData("Dictionary<string, object>", true)]
    [InlineData("SortedDictionary<string, int>", true)]
    [InlineData("List<KeyValuePair<string, object>>", true)]
    [InlineData("KeyValuePair<string, object?>[]", true)]
    [InlineData("IReadOnlyList<KeyValuePair<string, object?>>", true)]
    [InlineData("Dictionary<int, object>", false)]
    [InlineData("List<KeyValuePair<int, string>>", false)]
    [InlineData("List<string>", false)]
    [InlineData("string", false)]
    public void ScopeStateTheCodeDoesNotShow_MayHoldAnyFieldOnlyWhenItIsKeyedByString(string type, bool unknown)
    {
        var (recognizer, invocations) = Compile($$"""
            var state = default({{type}})!;
            using (logger.BeginScope(state))
            {
                logger.LogInformation("Inside");
            }
            """);
        var scopes = recognizer.ScopesAround(invocations.Single(i => Text(i) == "Inside"), null).Scopes;
        Assert.Equal(unknown, scopes.Single().FieldsUnknown);
    }

    [Fact]
    public void AnalyzersOfOneCompilation_ShareOneRecognizer()
    {
        var compilation = CSharpCompilation.Create("Shared", [CSharpSyntaxTree.ParseText("class C { }")], TestReferences.Net80.References);
        var contract = ContractReader.Read("""{ "version": 1, "logs": { "requiredFields": ["request_id"] } }""");

        var first = LogRecognizer.For(compilation, contract.Logs);
        Assert.NotNull(first);
        Assert.Same(first, LogRecognizer.For(compilation, contract.Logs));
        Assert.NotSame(first, LogRecognizer.For(compilation, LogsContract.Default));
        Assert.NotSame(first, LogRecognizer.For(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }")), contract.Logs));
    }

    [Fact]
    public void CompilationWithoutALoggingLibrary_HasNoRecognizer()
    {
        var withoutLogging = TestReferences.Net80.References.Where(r => r.Display is not { } path
            || !(path.Contains("Logging", StringComparison.OrdinalIgnoreCase) || path.Contains("Serilog", StringComparison.OrdinalIgnoreCase)));
        var compilation = CSharpCompilation.Create("Plain", [CSharpSyntaxTree.ParseText("class C { }")], withoutLogging);
        Assert.Null(LogRecognizer.For(compilation, LogsContract.Default));
        Assert.Null(LogRecognizer.For(compilation, LogsContract.Default));
    }

    [Fact]
    public void LogMethodsOfAReferencedAssembly_AreLogCalls()
    {
        var library = CSharpCompilation.Create(
            "Shop.Logging",
            [CSharpSyntaxTree.ParseText("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Logging;

                public static class ShopLog
                {
                    [LoggerMessage(1, LogLevel.Information, "Order {OrderId} placed")]
                    public static void OrderPlaced(ILogger logger, string orderId) { }

                    [Serilog.Core.MessageTemplateFormatMethod("messageTemplate")]
                    public static void Warn(string messageTemplate, params object[] values) { }

                    public static void Plain(string message, params object[] values) { }
                }
                """)],
            TestReferences.Net80.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Emit(image).Success);

        var tree = CSharpSyntaxTree.ParseText("""
            using Microsoft.Extensions.Logging;
            using Shop.Logging;

            public static class Work
            {
                public static void Run(ILogger logger, string id)
                {
                    ShopLog.OrderPlaced(logger, id);
                    ShopLog.Warn("Order {OrderId} late", id);
                    ShopLog.Plain("Order {OrderId}", id);
                }
            }
            """);
        var compilation = CSharpCompilation.Create(
            "Shop.Orders",
            [tree],
            TestReferences.Net80.References.Add(MetadataReference.CreateFromImage(image.ToArray())),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var model = compilation.GetSemanticModel(tree);
        var recognizer = LogRecognizer.Create(compilation, LogsContract.Default)!;
        var calls = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(node => recognizer.ReadCall((IInvocationOperation)model.GetOperation(node)!))
            .ToList();

        Assert.Equal(LogApi.LoggerMessageMethod, calls[0]?.Api);
        Assert.Equal(new[] { "OrderId" }, calls[0]!.Fields.Select(f => f.Name));
        Assert.Equal(LogApi.Wrapper, calls[1]?.Api);
        Assert.Null(calls[2]);
    }

    private static string? Text(IInvocationOperation invocation) =>
        invocation.Arguments.Select(a => a.Value.ConstantValue).FirstOrDefault(c => c.HasValue && c.Value is string).Value as string;

    private static LogCall ReadOnly(string call)
    {
        var (recognizer, invocations) = Compile(call + ";");
        return invocations.Select(i => recognizer.ReadCall(i)).Last(read => read is not null)!;
    }

    /// <summary>Compiles <paramref name="body"/> inside a method with a MEL logger, a Serilog logger and some values in scope.</summary>
    private static (LogRecognizer Recognizer, List<IInvocationOperation> Invocations) Compile(string body)
    {
        string source = $$"""
            using System;
            using System.Collections.Generic;
            using Microsoft.Extensions.Logging;

            namespace Shop
            {
                public sealed record Payment(string Method, int Attempts);

                public sealed class Own { public void LogInformation(string message, params object[] args) { } }

                public static class Resources { public static string GetString(string name) => name; }

                public static class AppLog
                {
                    [Serilog.Core.MessageTemplateFormatMethod("messageTemplate")]
                    public static void Warn(string messageTemplate, params object[] values) { }

                    public static void Write(LogLevel level, [JetBrains.Annotations.StructuredMessageTemplate] string template, params object[] values) { }
                }

                public static partial class ShopLog
                {
                    public static readonly Action<ILogger, string, Exception?> Cancelled =
                        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(2), "Order {OrderId} cancelled");

                    [LoggerMessage(1, LogLevel.Information, "Order {OrderId} placed in {region}")]
                    public static partial void OrderPlaced(ILogger logger, string orderId, string region, [LogProperties(OmitReferenceName = true)] Payment payment, Exception error);

                    public static partial void OrderPlaced(ILogger logger, string orderId, string region, Payment payment, Exception error) { }
                }

                public static class Work
                {
                    private const string Placed = "Order {OrderId} placed";

                    public static void Run(ILogger logger, Serilog.ILogger serilog, string id, string region, LogLevel level, Exception ex)
                    {
                        {{body}}
                    }
                }
            }

            namespace JetBrains.Annotations
            {
                [AttributeUsage(AttributeTargets.Parameter)]
                internal sealed class StructuredMessageTemplateAttribute : Attribute { }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("Recognition", [tree], TestReferences.Net80.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var model = compilation.GetSemanticModel(tree);
        var run = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Run");
        var invocations = run.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(node => model.GetOperation(node))
            .OfType<IInvocationOperation>()
            .ToList();
        var recognizer = LogRecognizer.Create(compilation, LogsContract.Default)!;
        return (recognizer, invocations);
    }
}
