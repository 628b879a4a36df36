using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// A buffer created in a loop or a branch, <c>var logits = new double[k];</c> per sample, as ML code writes it. The
    /// core keeps local buffers at the top level of the method, so the buffer is declared there, just before the
    /// statement of the method body that contains it, and where the user created it it is zeroed instead: the same
    /// values as a new array on every pass, with one allocation (rented in generated code) instead of one per pass.
    /// That needs a length that is the same every time, which the front end proves from what the length reads.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Where in <see cref="_rootStatements"/> hoisted buffers go: before the statement being lowered.</summary>
        private int _rootInsertAt = -1;

        /// <summary>Symbols the method body assigns anywhere after their declaration (computed once).</summary>
        private HashSet<ISymbol>? _reassigned;

        private bool TryHoistBuffer(IVariableDeclaratorOperation declarator, Variable variable, IOperation? initializer, List<Stmt> output)
        {
            if (_rootStatements is null || _rootInsertAt < 0) return false;
            IOperation? creation = initializer;
            while (creation is IConversionOperation { IsImplicit: true } conversion) creation = conversion.Operand;

            IOperation? lengthOperation;
            bool isStackalloc = false;
            if (creation is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } array)
            {
                lengthOperation = array.DimensionSizes[0];
            }
            else if (creation?.Syntax is StackAllocArrayCreationExpressionSyntax && creation.ChildOperations.Count == 1)
            {
                lengthOperation = creation.ChildOperations.First();
                isStackalloc = true;
            }
            else
            {
                return false;
            }

            if (isStackalloc && variable.Type.Shape == Shape.Array) return false;
            if (!IsFixed(lengthOperation)) return false;
            Expr? length = LowerExpression(lengthOperation);
            if (length is null) return true; // reported

            // Created before the statement runs, also where the user's code would not reach it: a length that is negative
            // there (an empty loop over x.Length - 1) must not throw then. Where the user creates it, it throws as C# does.
            bool mayBeNegative = length is not IntConst { Value: >= 0 };
            Expr hoistedLength = !mayBeNegative ? length
                : new Conditional(new Binary(BinaryOp.LessThan, length, new IntConst(0, length.Type.Scalar), TypeRef.Boolean), new IntConst(0, length.Type.Scalar), length, length.Type);
            _rootStatements.Insert(_rootInsertAt++, new Declare(variable, new NewArray(variable.Type, hoistedLength, isStackalloc)));
            if (mayBeNegative)
            {
                var overflow = new NamedTypeName("System", null, "OverflowException", EquatableArray<TypeName>.Empty);
                output.Add(new If(new Binary(BinaryOp.LessThan, length, new IntConst(0, length.Type.Scalar), TypeRef.Boolean),
                    Block.Of(new Throw(overflow, EquatableArray<ConstantValue>.Empty)), Block.Empty));
            }

            // Zero it where it was created: for (int j = 0; j < buffer.Length; j++) buffer[j] = 0;
            var counter = new Variable(_nextId++, NextTempName("_clear"), TypeRef.Int32, VariableKind.Synthetic);
            Expr zero = variable.Type.Element.IsReal ? RealConst.Of(0, variable.Type.Scalar) : variable.Type.Scalar == ScalarKind.Boolean ? new BoolConst(false) : new IntConst(0, variable.Type.Scalar);
            output.Add(new Loop(
                LoopForm.For,
                Block.Of(new Declare(counter, new IntConst(0, ScalarKind.Int32))),
                new Binary(BinaryOp.LessThan, new VarRef(counter), new LengthOf(new VarRef(variable)), TypeRef.Boolean),
                Block.Of(new Assign(new ElementAccess(new VarRef(variable), new VarRef(counter)), zero)),
                Block.Of(Increment(counter))));
            return true;
        }

        /// <summary>The values of an array created from a list, <c>{ a, b }</c>, <c>new[] { a, b }</c>, <c>new double[] { a, b }</c> or
        /// the collection expression <c>[a, b]</c> (without spreads), each converted to the element type; null for anything else.</summary>
        private List<IOperation>? InitializerElements(IOperation? initializer)
        {
            IOperation? creation = initializer;
            while (creation is IConversionOperation { IsImplicit: true } conversion) creation = conversion.Operand;
            if (creation is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: { } list })
            {
                return list.ElementValues.ToList();
            }

            // Collection expressions have no operation of their own in the Roslyn GradGen builds against: read the syntax.
            if (initializer?.Syntax is CollectionExpressionSyntax collection && collection.Elements.All(e => e is ExpressionElementSyntax))
            {
                var values = new List<IOperation>();
                foreach (CollectionElementSyntax element in collection.Elements)
                {
                    if (_semanticModel.GetOperation(((ExpressionElementSyntax)element).Expression, _cancellationToken) is not { } value) return null;
                    values.Add(value);
                }

                return values;
            }

            return null;
        }

        /// <summary><c>double[] b = { 1, a * a, 2 };</c>: a buffer of that length (created once, before the statement of the
        /// method body that holds it, when this is inside a loop or a branch), then one assignment per value, in order.</summary>
        private void LowerInitializedArray(IVariableDeclaratorOperation declarator, Variable variable, List<IOperation> elements, List<Stmt> output)
        {
            if (variable.Type.Shape != Shape.Array && variable.Type.Shape != Shape.Span)
            {
                Report(Diagnostics.DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), variable.Name, "a list of values can fill an array or a Span, not a ReadOnlySpan");
                return;
            }

            var values = new List<Expr>();
            foreach (IOperation element in elements)
            {
                if (LowerExpression(element) is { } value) values.Add(value);
            }

            if (values.Count != elements.Count) return;
            var creation = new Declare(variable, new NewArray(variable.Type.WithShape(Shape.Array), new IntConst(values.Count, ScalarKind.Int32), IsStackalloc: false));
            if (variable.Type.Shape == Shape.Span)
            {
                // A Span of a list of values lives on the stack as stackalloc would.
                creation = new Declare(variable, new NewArray(variable.Type, new IntConst(values.Count, ScalarKind.Int32), IsStackalloc: true));
            }

            if (_loopDepth > 0 || _blockDepth > 0)
            {
                if (_rootStatements is null || _rootInsertAt < 0) return;
                _rootStatements.Insert(_rootInsertAt++, creation);
            }
            else
            {
                output.Add(creation);
            }

            TypeRef elementType = variable.Type.Element;
            for (int i = 0; i < values.Count; i++)
            {
                output.Add(new Assign(new ElementAccess(new VarRef(variable), new IntConst(i, ScalarKind.Int32)), Converted(Hoist(values[i], output), elementType)));
            }
        }

        /// <summary>Whether <paramref name="operation"/> has the same value wherever in the body it is evaluated: constants,
        /// and arithmetic on parameters and on locals of the method body's own statements that are never reassigned, and on
        /// the Length of those.</summary>
        private bool IsFixed(IOperation operation)
        {
            switch (operation)
            {
                case { ConstantValue.HasValue: true }:
                    return true;
                case IConversionOperation conversion:
                    return IsFixed(conversion.Operand);
                case IParenthesizedOperation parenthesized:
                    return IsFixed(parenthesized.Operand);
                case IBinaryOperation { OperatorMethod: null } binary:
                    return IsFixed(binary.LeftOperand) && IsFixed(binary.RightOperand);
                case IParameterReferenceOperation parameter when _boundParameters.Contains(parameter.Parameter.OriginalDefinition):
                    // A parameter of a function written where it is called: fixed when its argument is (and the body never assigns it).
                    return _fixedParameters.Contains(parameter.Parameter.OriginalDefinition);
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.RefKind is RefKind.None or RefKind.In && !Reassigned().Contains(parameter.Parameter);
                case ILocalReferenceOperation local:
                    return !local.Local.IsRef && !Reassigned().Contains(local.Local) && IsDeclaredAtTheTopLevel(local.Local);
                case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when SymbolFacts.Classify(instance.Type) is { IsSequence: true } or { Shape: Shape.Jagged }:
                    return IsFixed(instance);
                case IArrayElementReferenceOperation element when SymbolFacts.Classify(element.ArrayReference.Type) is { Shape: Shape.Jagged }:
                    return IsFixed(element.ArrayReference) && element.Indices.All(IsFixed);
                default:
                    return false;
            }
        }

        private bool IsDeclaredAtTheTopLevel(ILocalSymbol local) =>
            local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is VariableDeclaratorSyntax declarator
            && declarator.Parent?.Parent is LocalDeclarationStatementSyntax statement
            && (statement.Parent == _syntax.Body || statement.Parent is GlobalStatementSyntax);

        private HashSet<ISymbol> Reassigned()
        {
            if (_reassigned is not null) return _reassigned;
            _reassigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            SyntaxNode? body = (SyntaxNode?)_syntax.Body ?? _syntax.ExpressionBody;
            if (body is null) return _reassigned;
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                IOperation? target = node switch
                {
                    AssignmentExpressionSyntax assignment => _semanticModel.GetOperation(assignment.Left, _cancellationToken),
                    PrefixUnaryExpressionSyntax prefix when prefix.OperatorToken.ValueText is "++" or "--" => _semanticModel.GetOperation(prefix.Operand, _cancellationToken),
                    PostfixUnaryExpressionSyntax postfix when postfix.OperatorToken.ValueText is "++" or "--" => _semanticModel.GetOperation(postfix.Operand, _cancellationToken),
                    ArgumentSyntax { RefKindKeyword.ValueText: "ref" or "out" } argument => _semanticModel.GetOperation(argument.Expression, _cancellationToken),
                    _ => null,
                };
                if (target is not null) AddAssigned(target);
            }

            return _reassigned;
        }

        /// <summary>The variables an assignment to <paramref name="target"/> gives a new value: the local or parameter itself,
        /// or each element of a tuple; writing an element of an array leaves the array variable (and its Length) as it was,
        /// and the variables its index reads are only read.</summary>
        private void AddAssigned(IOperation target)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    _reassigned!.Add(local.Local);
                    break;
                case IParameterReferenceOperation parameter:
                    _reassigned!.Add(parameter.Parameter);
                    break;
                case IDeclarationExpressionOperation declaration:
                    AddAssigned(declaration.Expression);
                    break;
                case ITupleOperation tuple:
                    foreach (IOperation element in tuple.Elements) AddAssigned(element);
                    break;
                case IConversionOperation conversion:
                    AddAssigned(conversion.Operand);
                    break;
            }
        }
    }
}
