using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using static SignalContract.Analyzers.Infrastructure.TypeLookup;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// The logging types of one compilation, resolved once at compilation start: Microsoft.Extensions.Logging (MEL), its
/// source-generator companions, Serilog, and the pipelines that export scopes. Null members mean the compilation does
/// not reference that API; <see cref="Create"/> returns null when it references neither MEL nor Serilog.
/// </summary>
internal sealed class LoggingTypes
{
    /// <summary>JetBrains.Annotations' attribute is matched by name: projects embed their own copy in any namespace.</summary>
    public const string StructuredMessageTemplateAttributeName = "StructuredMessageTemplateAttribute";

    private LoggingTypes(Compilation compilation)
    {
        ILogger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        ILoggerOfT = Beside(ILogger, "Microsoft.Extensions.Logging.ILogger`1");
        LoggerExtensions = Beside(ILogger, "Microsoft.Extensions.Logging.LoggerExtensions");
        LoggerMessage = Beside(ILogger, "Microsoft.Extensions.Logging.LoggerMessage");
        LoggerMessageAttribute = Beside(ILogger, "Microsoft.Extensions.Logging.LoggerMessageAttribute");
        LogLevel = Beside(ILogger, "Microsoft.Extensions.Logging.LogLevel");

        SerilogILogger = compilation.GetTypeByMetadataName("Serilog.ILogger");
        SerilogLog = Beside(SerilogILogger, "Serilog.Log");
        SerilogLogger = Beside(SerilogILogger, "Serilog.Core.Logger");
        SerilogLogContext = Beside(SerilogILogger, "Serilog.Context.LogContext");
        SerilogLogEventLevel = Beside(SerilogILogger, "Serilog.Events.LogEventLevel");
        MessageTemplateFormatMethodAttribute = Beside(SerilogILogger, "Serilog.Core.MessageTemplateFormatMethodAttribute");

        if (ILogger is null && SerilogILogger is null)
        {
            return;
        }

        Exception = InCoreLibrary(compilation, "System.Exception");
        if (LoggerMessageAttribute is not null)
        {
            // Microsoft.Extensions.Telemetry.Abstractions: [LogProperties], [TagProvider], [TagName], [LogPropertyIgnore].
            LogPropertiesAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LogPropertiesAttribute");
            TagProviderAttribute = Beside(LogPropertiesAttribute, "Microsoft.Extensions.Logging.TagProviderAttribute");
            TagNameAttribute = Beside(LogPropertiesAttribute, "Microsoft.Extensions.Logging.TagNameAttribute");
            LogPropertyIgnoreAttribute = Beside(LogPropertiesAttribute, "Microsoft.Extensions.Logging.LogPropertyIgnoreAttribute");
        }

        HasStructuredMessageTemplate =
            compilation.GetTypeByMetadataName("JetBrains.Annotations." + StructuredMessageTemplateAttributeName) is not null
            || compilation.ContainsSymbolsWithName(StructuredMessageTemplateAttributeName, SymbolFilter.Type);

        INamedTypeSymbol? Beside(INamedTypeSymbol? anchor, string metadataName) => TypeLookup.Beside(compilation, anchor, metadataName);
    }

    public INamedTypeSymbol? ILogger { get; }

    public INamedTypeSymbol? ILoggerOfT { get; }

    /// <summary>Home of <c>LogInformation</c> ... <c>LogCritical</c>, <c>Log(level, ...)</c> and <c>BeginScope(template, ...)</c>.</summary>
    public INamedTypeSymbol? LoggerExtensions { get; }

    /// <summary>Home of <c>LoggerMessage.Define</c> and <c>LoggerMessage.DefineScope</c>.</summary>
    public INamedTypeSymbol? LoggerMessage { get; }

    public INamedTypeSymbol? LoggerMessageAttribute { get; }

    public INamedTypeSymbol? LogLevel { get; }

    public INamedTypeSymbol? LogPropertiesAttribute { get; }

    public INamedTypeSymbol? TagProviderAttribute { get; }

    public INamedTypeSymbol? TagNameAttribute { get; }

    public INamedTypeSymbol? LogPropertyIgnoreAttribute { get; }

    public INamedTypeSymbol? SerilogILogger { get; }

    /// <summary>The static <c>Serilog.Log</c>.</summary>
    public INamedTypeSymbol? SerilogLog { get; }

    /// <summary><c>Serilog.Core.Logger</c>, the concrete logger <c>CreateLogger()</c> returns.</summary>
    public INamedTypeSymbol? SerilogLogger { get; }

    public INamedTypeSymbol? SerilogLogContext { get; }

    public INamedTypeSymbol? SerilogLogEventLevel { get; }

    public INamedTypeSymbol? MessageTemplateFormatMethodAttribute { get; }

    public INamedTypeSymbol? Exception { get; }

    /// <summary>True when some <c>StructuredMessageTemplateAttribute</c> exists, so a wrapper can be marked with it.</summary>
    public bool HasStructuredMessageTemplate { get; }

    /// <summary>True when a method of the compilation or its references can be a user's logging wrapper.</summary>
    public bool MayHaveWrappers => MessageTemplateFormatMethodAttribute is not null || HasStructuredMessageTemplate;

    public static LoggingTypes? Create(Compilation compilation)
    {
        var types = new LoggingTypes(compilation);
        return types.ILogger is null && types.SerilogILogger is null ? null : types;
    }

    public bool IsMelLogger(ITypeSymbol? type) => Is(type, ILogger) || Is(type, ILoggerOfT);

    /// <summary>Types whose instance or static methods are Serilog's log methods.</summary>
    public bool IsSerilogLogger(ITypeSymbol? type) => Is(type, SerilogILogger) || Is(type, SerilogLog) || Is(type, SerilogLogger);

    public bool IsException(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, Exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The level a constant <c>LogLevel</c> or <c>LogEventLevel</c> value stands for; unknown for other values.</summary>
    public LogLevelValue LevelOf(ITypeSymbol? type, object? constant)
    {
        if (constant is not int value || value < 0)
        {
            return LogLevelValue.Unknown;
        }

        // LogLevel runs Trace..Critical (0..5) and None (6); LogEventLevel runs Verbose..Fatal (0..5), the same order.
        if (Is(type, LogLevel))
        {
            return value <= (int)LogLevelThreshold.Critical ? LogLevelValue.Of((LogLevelThreshold)value) : LogLevelValue.Off;
        }

        return Is(type, SerilogLogEventLevel) && value <= (int)LogLevelThreshold.Critical ? LogLevelValue.Of((LogLevelThreshold)value) : LogLevelValue.Unknown;
    }

    public bool IsLevelType(ITypeSymbol? type) => Is(type, LogLevel) || Is(type, SerilogLogEventLevel);
}
