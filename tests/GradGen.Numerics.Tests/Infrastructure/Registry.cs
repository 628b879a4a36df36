using GradGen.Numerics.Tests.Functions;
using GradGen.Numerics.Tests.Functions.Deeply.Nested;
using GradGen.Numerics.Tests.Loops;

namespace GradGen.Numerics.Tests.Infrastructure;

/// <summary>Every function case, by name. Names are unique (checked by a test).</summary>
internal static class Registry
{
    public static readonly IReadOnlyList<DoubleCase> DoubleCaseList =
    [
        .. Arithmetic.DoubleCases(),
        .. Elementary.DoubleCases(),
        .. Composite.DoubleCases(),
        .. Helpers.DoubleCases(),
        .. Patterns.DoubleCases(),
        .. Tuples.DoubleCases(),
        .. TupleLocals.DoubleCases(),
        .. TupleData.DoubleCases(),
        .. IntegerKinds.DoubleCases(),
        .. LocalFunctions.DoubleCases(),
        .. JaggedData.DoubleCases(),
        .. Grids.DoubleCases(),
        .. SelfIndexedWrites.DoubleCases(),
        .. ArrayHelpers.DoubleCases(),
        .. LoopBuffers.DoubleCases(),
        .. TapeEconomy.DoubleCases(),
        .. ScratchLoops.DoubleCases(),
        .. InvariantCells.DoubleCases(),
        .. ModelOperators.DoubleCases(),
        .. ArrayLists.DoubleCases(),
        .. Reductions.DoubleCases(),
        .. LinqQueries.DoubleCases(),
        .. Views.DoubleCases(),
        .. BufferOperations.DoubleCases(),
        .. BufferAssignments.DoubleCases(),
        .. IntConversions.DoubleCases(),
        .. EmbeddedAssignments.DoubleCases(),
        .. ListData.DoubleCases(),
        .. SideEffects.DoubleCases(),
        .. Recursion.DoubleCases(),
        .. Oscillator.DoubleCases(),
        .. Accessibility.DoubleCases(),
        .. Outer.DoubleCases(),
        .. GlobalNamespaceFunctions.DoubleCases(),
        .. Reassignments.DoubleCases(),
        .. Syntax.DoubleCases(),
        .. Scaled<string>.DoubleCases(),
        .. Arrays.DoubleCases(),
        .. EnumParameter.DoubleCases(),
        .. RoundWithMidpointRounding.DoubleCases(),
        .. ControlFlow.DoubleCases(),
        .. LoopArrays.DoubleCases(),
        .. LoopModels.DoubleCases(),
        .. LoopEdges.DoubleCases(),
        .. LoopReductions.DoubleCases(),
        .. Selections.DoubleCases(),
        .. Stencils.DoubleCases(),
        .. ModelTypes.DoubleCases(),
        .. ModelTypes.ThisCases(),
        .. ModelCalls.DoubleCases(),
        .. ModelLocals.DoubleCases(),
    ];

    public static readonly IReadOnlyList<FloatCase> FloatCaseList =
    [
        .. ArithmeticFloat.FloatCases(),
        .. IntConversions.FloatCases(),
        .. ElementaryFloat.FloatCases(),
        .. CompositeFloat.FloatCases(),
        .. Reassignments.FloatCases(),
        .. Syntax.FloatCases(),
        .. Arrays.FloatCases(),
        .. LoopArrays.FloatCases(),
        .. LoopModelsFloat.FloatCases(),
        .. LoopEdges.FloatCases(),
        .. Reductions.FloatCases(),
        .. TupleLocals.FloatCases(),
        .. LinqQueries.FloatCases(),
        .. ForeachConversions.FloatCases(),
        .. ModelTypes.FloatCases(),
    ];

    public static readonly IReadOnlyDictionary<string, DoubleCase> Doubles = DoubleCaseList.ToDictionary(c => c.Name);

    public static readonly IReadOnlyDictionary<string, FloatCase> Floats = FloatCaseList.ToDictionary(c => c.Name);
}
