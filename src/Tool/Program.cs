using System;
using System.Threading.Tasks;
using SignalContract.Tool.Cli;

namespace SignalContract.Tool;

public static class Program
{
    public static Task<int> Main(string[] args) =>
        CommandLine.RunAsync(args, new ToolConsole(Console.Out, Console.Error, Environment.CurrentDirectory));
}
