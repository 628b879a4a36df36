using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>Lowering of statements: declarations, assignments, loops, branches, throws.</summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>The method body's own statements, where buffers declared in loops and branches are hoisted to.</summary>
        private List<Stmt>? _rootStatements;

        private Block LowerRootBlock(IBlockOperation block)
        {
            var statements = new List<Stmt>();
            _rootStatements = statements;
            foreach (IOperation operation in block.Operations)
            {
                _rootInsertAt = statements.Count;
                LowerStatement(operation, statements);
            }

            _rootInsertAt = -1;

            _rootStatements = null;
            return new Block(statements.ToEquatableArray());
        }

        private Block LowerBlock(IBlockOperation block)
        {
            var statements = new List<Stmt>();
            foreach (IOperation operation in block.Operations)
            {
                LowerStatement(operation, statements);
            }

            return new Block(statements.ToEquatableArray());
        }

        private Block LowerEmbedded(IOperation operation)
        {
            _blockDepth++;
            try
            {
                if (operation is IBlockOperation block && block.Syntax.Parent is not UnsafeStatementSyntax)
                {
                    return LowerBlock(block);
                }

                var statements = new List<Stmt>();
                LowerStatement(operation, statements);
                return new Block(statements.ToEquatableArray());
            }
            finally
            {
                _blockDepth--;
            }
        }

        private void LowerStatement(IOperation operation, List<Stmt> output)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IBlockOperation block when block.Syntax.Parent is UnsafeStatementSyntax unsafeStatement:
                    Report(DiagnosticDescriptors.UnsupportedStatement, unsafeStatement.UnsafeKeyword.GetLocation(), "an unsafe block", "pointers have no derivatives; use arrays or spans");
                    break;
                case IBlockOperation block:
                    output.Add(LowerEmbedded(block));
                    break;
                case IVariableDeclarationGroupOperation group:
                    foreach (IVariableDeclarationOperation declaration in group.Declarations)
                    {
                        foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                        {
                            LowerDeclarator(declarator, declaration.Initializer, output);
                        }
                    }

                    break;
                case IExpressionStatementOperation statement:
                    LowerExpressionStatement(statement.Operation, output);
                    break;
                case IReturnOperation ret when ret.Kind is OperationKind.YieldReturn or OperationKind.YieldBreak:
                    Report(DiagnosticDescriptors.AsyncOrIterator, KeywordLocation(ret.Syntax), _method.Name, "an iterator");
                    break;
                case IReturnOperation ret when LowerInlinedReturn(ret, output):
                    break;
                case IReturnOperation ret when LowerVectorReturn(ret, output):
                    break;
                case IReturnOperation ret:
                    if (ret.ReturnedValue is null)
                    {
                        _rejectedByCompiler = true; // a return without a value in a double method: CS0126
                    }
                    else if (WithEffects(output, () => LowerExpression(ret.ReturnedValue)) is { } value)
                    {
                        output.Add(new Return(Hoist(value, output)));
                    }

                    break;
                case IConditionalOperation conditional when conditional.Type is null:
                    {
                        Expr? condition = WithEffects(output, () => LowerExpression(conditional.Condition));
                        Block then = LowerEmbedded(conditional.WhenTrue);
                        Block otherwise = conditional.WhenFalse is null ? Block.Empty : LowerEmbedded(conditional.WhenFalse);
                        if (condition is not null)
                        {
                            output.Add(new If(condition, then, otherwise));
                        }

                        break;
                    }

                case IWhileLoopOperation loop:
                    LowerWhile(loop, output);
                    break;
                case IForLoopOperation loop:
                    LowerFor(loop, output);
                    break;
                case IForEachLoopOperation loop:
                    LowerForEach(loop, output);
                    break;
                case IBranchOperation branch when branch.BranchKind == BranchKind.Break && _switchExits.Contains(branch.Target):
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(branch.Syntax), "a break before the end of a switch section",
                        "GradGen turns a switch into if/else, where only the break that ends a section has a meaning; restructure the section with if/else so that it ends with its one break");
                    break;
                case IBranchOperation branch when branch.BranchKind == BranchKind.Break:
                    output.Add(new Break());
                    break;
                case IBranchOperation branch when branch.BranchKind == BranchKind.Continue:
                    output.Add(new Continue());
                    break;
                case IBranchOperation branch:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(branch.Syntax), "a goto statement", "jumps have no structure GradGen can reverse; use loops, break and continue");
                    break;
                case IEmptyOperation:
                    break;
                case IThrowOperation thrown:
                    LowerThrow(thrown, output);
                    break;
                case ILocalFunctionOperation:
                    break; // written where it is called (MethodLowering.LocalFunctions)
                case ITryOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a try statement", "exception handlers have no derivative GradGen can reverse; validate inputs before the computation instead");
                    LowerForDiagnosticsOnly(operation);
                    break;
                case ILockOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a lock statement", "a differentiable method must not synchronize on shared state; take the lock around the call instead");
                    LowerForDiagnosticsOnly(operation);
                    break;
                case IUsingOperation usingStatement:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a using statement", "resources have no derivatives; acquire them outside the differentiable method");
                    LowerForDiagnosticsOnly(usingStatement.Body); // not the resource: that is what is reported
                    break;
                case IUsingDeclarationOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a using statement", "resources have no derivatives; acquire them outside the differentiable method");
                    break;
                case ISwitchOperation switchStatement:
                    LowerSwitch(switchStatement, output);
                    break;
                case ILabeledOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a labeled statement", "jumps have no structure GradGen can reverse; use loops, break and continue");
                    LowerForDiagnosticsOnly(operation);
                    break;
                default:
                    if (operation.Syntax is FixedStatementSyntax fixedStatement)
                    {
                        Report(DiagnosticDescriptors.UnsupportedStatement, fixedStatement.FixedKeyword.GetLocation(), "a fixed statement", "pointers have no derivatives; use arrays or spans");
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "this statement", "GradGen differentiates assignments, if/else, loops, break, continue, return and throw");
                    }

                    break;
            }
        }

        /// <summary>Lowers the statements nested in a statement GradGen rejects, only to report their own
        /// problems too (every problem at once); the result is discarded.</summary>
        private void LowerForDiagnosticsOnly(IOperation operation)
        {
            var discarded = new List<Stmt>();
            if (operation is IBlockOperation whole)
            {
                foreach (IOperation statement in whole.Operations) LowerStatement(statement, discarded);
                return;
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                switch (child)
                {
                    case IBlockOperation block:
                        foreach (IOperation statement in block.Operations) LowerStatement(statement, discarded);
                        break;
                    case ICatchClauseOperation catchClause:
                        LowerForDiagnosticsOnly(catchClause.Handler);
                        break;
                    case ISwitchCaseOperation switchCase:
                        foreach (IOperation statement in switchCase.Body) LowerStatement(statement, discarded);
                        break;
                    case IVariableDeclarationGroupOperation or IExpressionStatementOperation or IConditionalOperation or ILoopOperation or IReturnOperation or IBranchOperation:
                        LowerStatement(child, discarded);
                        break;
                }
            }
        }

        private static Location KeywordLocation(SyntaxNode syntax)
        {
            // A squiggle on the keyword of a multi-line statement, not on its whole body.
            SyntaxToken first = syntax.GetFirstToken();
            return syntax.Span.Length > 0 && first.IsKeyword() && syntax is not ExpressionStatementSyntax
                ? first.GetLocation()
                : syntax.GetLocation();
        }

        private void LowerDeclarator(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? sharedInitializer, List<Stmt> output)
        {
            ILocalSymbol local = declarator.Symbol;
            if (local.IsConst)
            {
                return; // references to a const local are folded to its value
            }

            if (IsTuple(local.Type))
            {
                LowerTupleLocal(declarator, declarator.Initializer?.Value ?? sharedInitializer?.Value, output);
                return;
            }

            if (!local.IsRef && LowerLocalGrid(declarator, declarator.Initializer?.Value ?? sharedInitializer?.Value, output)) return;
            if (!local.IsRef && IsModelLocalType(local.Type))
            {
                LowerModelLocal(declarator, declarator.Initializer?.Value ?? sharedInitializer?.Value, output);
                return;
            }

            TypeRef? type = SymbolFacts.Classify(local.Type);
            if (type is { IsSequence: true, Scalar: ScalarKind.Other } && !local.IsRef)
            {
                _rejectedLocals.Add(local);
                Report(DiagnosticDescriptors.UnsupportedExpression, declarator.Syntax.GetLocation(), declarator.Syntax.ToString(),
                    "an array or span of tuples is data GradGen reads where it is: index it (data[i].Item1) or loop over it (foreach (var (a, b) in data)), without a local that holds it");
                return;
            }

            if (type is null || local.IsRef)
            {
                _rejectedLocals.Add(local);
                Report(DiagnosticDescriptors.UnsupportedExpression, declarator.Syntax.GetLocation(), declarator.Syntax.ToString(),
                    local.IsRef ? "ref locals are not supported" : "locals of type '" + local.Type.ToDisplayString() + "' are not supported; use double, float, int, long, bool, or arrays and spans of them");
                return;
            }

            var variable = new Variable(_nextId++, _returnedBufferNames.TryGetValue(local, out string? callerName) ? callerName : local.Name, type.Value, VariableKind.Local);
            _variables[local] = variable;
            IOperation? initializer = declarator.Initializer?.Value ?? sharedInitializer?.Value;

            if (type.Value.IsSequence && RowOfJaggedData(initializer) is { } rowOperation)
            {
                _variables.Remove(local);
                LowerRowAlias(declarator, rowOperation, output);
                return;
            }

            if (type.Value.IsSequence && IsViewInitializer(initializer))
            {
                _variables.Remove(local);
                LowerViewDeclaration(declarator, initializer!, output);
                return;
            }

            if (type.Value.IsSequence && LowerArrayFromHelper(declarator, type.Value, initializer, output))
            {
                return;
            }

            if (type.Value.IsSequence)
            {
                LowerLocalArray(declarator, variable, initializer, output);
                return;
            }

            if (initializer is null)
            {
                output.Add(new Declare(variable, null));
                return;
            }

            if (WithEffects(output, () => LowerExpression(initializer)) is { } value)
            {
                output.Add(new Declare(variable, Hoist(value, output)));
            }
        }

        private void LowerLocalArray(IVariableDeclaratorOperation declarator, Variable variable, IOperation? initializer, List<Stmt> output)
        {
            string name = declarator.Symbol.Name; // as written (a buffer a helper returns is named after the caller's local)
            if (InitializerElements(initializer) is { } elements)
            {
                LowerInitializedArray(declarator, variable, elements, output);
                return;
            }

            IOperation? created = initializer;
            while (created is IConversionOperation { IsImplicit: true } implicitConversion) created = implicitConversion.Operand;
            if (created is IArrayCreationOperation { DimensionSizes.Length: 1 } sized && sized.DimensionSizes[0].Type is { SpecialType: not SpecialType.System_Int32 } lengthType)
            {
                // C# also sizes an array by a uint, a long or a ulong; GradGen's buffers (and their adjoints) take an int.
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name,
                    "its length is a '" + lengthType.ToDisplayString() + "', and GradGen sizes buffers by an int; convert it: new "
                    + ((sized.Type as IArrayTypeSymbol)?.ElementType.ToDisplayString() ?? "T") + "[(int)" + sized.DimensionSizes[0].Syntax + "]");
                return;
            }

            if ((_loopDepth > 0 || _blockDepth > 0) && !TryHoistBuffer(declarator, variable, initializer, output))
            {
                if (_inlining.Count > 0 && _inlining[_inlining.Count - 1].MethodKind != MethodKind.LocalFunction)
                {
                    Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name,
                        "'" + _inlining[_inlining.Count - 1].Name + "' is written where '" + _method.Name + "' calls it, and the buffers it creates are created once, before the call; so the length must be the same on every call "
                        + "(constants, and counts or lengths of the caller that never change, passed as arguments); otherwise let the caller create the buffer and fill it");
                    return;
                }

                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name,
                    "inside a loop or a branch, a buffer must be created with new T[n] or stackalloc T[n] of a length that is the same every time (constants, int parameters and .Length of parameters, locals of the method body that are never reassigned); otherwise declare it at the top level of the method body and reuse it");
                return;
            }

            if (_loopDepth > 0 || _blockDepth > 0) return;

            IOperation? creation = initializer;
            while (creation is IConversionOperation { IsImplicit: true } conversion)
            {
                creation = conversion.Operand;
            }

            Expr? length = null;
            bool isStackalloc = false;
            if (creation is IArrayCreationOperation array && array.DimensionSizes.Length == 1 && array.Initializer is null)
            {
                length = LowerExpression(array.DimensionSizes[0]);
            }
            else if (creation?.Syntax is StackAllocArrayCreationExpressionSyntax && creation.ChildOperations.Count == 1)
            {
                isStackalloc = true;
                length = LowerExpression(creation.ChildOperations.First());
            }
            else
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name, "create it with new T[n], stackalloc T[n] or a list of its values ({ a, b }, [a, b]); views and copies of other arrays are not supported");
                return;
            }

            if (length is null) return;
            TypeRef type = variable.Type;
            if (isStackalloc && type.Shape == Shape.Array)
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name, "a stackalloc buffer must be held in a Span");
                return;
            }

            output.Add(new Declare(variable, new NewArray(type, length, isStackalloc)));
        }

        private void LowerExpressionStatement(IOperation operation, List<Stmt> output)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment when IsTuple(assignment.Target.Type) && LowerTupleAssignment(assignment, output):
                    break;
                case ISimpleAssignmentOperation assignment when TryLowerBufferAssignment(assignment, output):
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when _modelLeaves.ContainsKey(target.Local):
                    LowerModelLocalAssignment(target.Local, assignment.Value, output);
                    break;
                case ISimpleAssignmentOperation assignment:
                    {
                        (Expr? target, Expr? value) = WithEffects(output, () => (LowerTarget(assignment.Target), LowerExpression(assignment.Value)));
                        if (target is not null && value is not null)
                        {
                            output.Add(new Assign(target, Hoist(value, output)));
                        }

                        break;
                    }

                case ICompoundAssignmentOperation compound:
                    {
                        (Expr? target, Expr? value) = WithEffects(output, () => (LowerTarget(compound.Target), LowerExpression(compound.Value)));
                        BinaryOp? op = MapBinary(compound.OperatorKind);
                        TypeRef? operatorType = target is null ? null : CompoundOperatorType(compound, target.Type);
                        if (!SymbolFacts.IsArithmeticOperator(compound.OperatorMethod) || op is null || target is not null && operatorType is null)
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, compound.Syntax.GetLocation(), compound.Syntax.ToString(), "this compound assignment is not supported; write it as x = x op y");
                            break;
                        }

                        if (target is not null && value is not null)
                        {
                            output.Add(new Assign(target, Updated(target, op.Value, Hoist(value, output), operatorType!.Value)));
                        }

                        break;
                    }

                case IIncrementOrDecrementOperation increment:
                    {
                        Expr? target = LowerTarget(increment.Target);
                        if (target is null) break;
                        if (!target.Type.IsScalar || !(target.Type.IsReal || target.Type.IsIntegral))
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, increment.Syntax.GetLocation(), increment.Syntax.ToString(), "only numbers can be incremented");
                            break;
                        }

                        output.Add(new Assign(target, Stepped(target, increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract)));
                        break;
                    }

                case IThrowOperation thrown:
                    LowerThrow(thrown, output);
                    break;
                case IInvocationOperation invocation when LowerLocalFunctionStatement(invocation, output):
                    break;
                case IInvocationOperation invocation when TryLowerBufferOperation(invocation, output):
                    break;
                case IInvocationOperation invocation when invocation.Type?.SpecialType == SpecialType.System_Void:
                    if (LowerCallForEffect(invocation) is { } call)
                    {
                        output.Add(new Evaluate(call));
                    }

                    break;
                case IDeconstructionAssignmentOperation deconstruction when LowerSinCosDeconstruction(deconstruction, output):
                    break;
                case IDeconstructionAssignmentOperation deconstruction when TryLowerBufferSwap(deconstruction, output):
                    break;
                case IDeconstructionAssignmentOperation deconstruction when WithEffects(output, () => LowerTupleDeconstruction(deconstruction, output)):
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (IOperation part in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (part is ILocalReferenceOperation { IsDeclaration: true } declared) _rejectedLocals.Add(declared.Local);
                    }

                    Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), operation.Syntax.ToString(), "deconstruction is supported for a tuple of values, (a, b) = (x, y), a tuple local or tuple data, (a, b) = t, and for var (s, c) = Math.SinCos(x), into locals, parameters, elements of local arrays or _; assign each variable on its own");
                    break;
                default:
                    Report(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax.GetLocation(), "'" + Abbreviate(operation.Syntax) + "'", "an expression statement must be an assignment, an increment, or a call of a void method");
                    break;
            }
        }

        /// <summary><c>target ± 1</c>, as <c>++</c> and <c>--</c> compute it: in the target's type, or for a short, ushort, byte,
        /// sbyte or char in <c>int</c>, converted back.</summary>
        private static Expr Stepped(Expr target, BinaryOp op) =>
            target.Type.IsPromotedToInt ? Updated(target, op, new IntConst(1, ScalarKind.Int32), TypeRef.Int32)
            : new Binary(op, target, target.Type.IsReal ? RealConst.Of(1, target.Type.Scalar) : new IntConst(1, target.Type.Scalar), target.Type);

        /// <summary><c>target op value</c> to assign back to <paramref name="target"/>: computed in <paramref name="operatorType"/>,
        /// and converted back when that is not the target's type (<c>b += 2</c> of a byte is <c>b = (byte)(b + 2)</c>).</summary>
        private static Expr Updated(Expr target, BinaryOp op, Expr value, TypeRef operatorType) =>
            operatorType == target.Type
                ? new Binary(op, target, value, target.Type)
                : new Cast(new Binary(op, Converted(target, operatorType), Converted(value, operatorType), operatorType), target.Type, IsImplicit: false);

        /// <summary>The type a compound assignment computes in: the target's, or for an integer target that C# widens (a
        /// short, a byte, a char, or a ushort with a uint) the wider integer type; null for one GradGen does not lower.</summary>
        private static TypeRef? CompoundOperatorType(ICompoundAssignmentOperation compound, TypeRef targetType)
        {
            if (compound.InConversion.IsIdentity && compound.OutConversion.IsIdentity) return targetType;
            if (!targetType.IsIntegral || !compound.InConversion.IsNumeric || !compound.OutConversion.IsNumeric) return null;
            TypeRef? operatorType = compound.OperatorKind is BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift
                ? TypeRef.Int32
                : SymbolFacts.Classify(compound.Value.Type);
            return operatorType is { IsIntegral: true } ? operatorType : null;
        }

        private Expr? LowerTarget(IOperation target)
        {
            switch (target)
            {
                case IFieldReferenceOperation or IPropertyReferenceOperation when ModelChain(target) is { Root: ILocalSymbol }:
                    return ModelLocalMemberTarget(target);
                case ILocalReferenceOperation local when _rowAliases.ContainsKey(local.Local):
                    Report(DiagnosticDescriptors.UnsupportedLocalArray, target.Syntax.GetLocation(), local.Local.Name, _gridAliases.Contains(local.Local)
                        ? "it names a parameter; it cannot be reassigned (declare another local)"
                        : "it names a row of data; it cannot be reassigned (declare another local for another row)");
                    return null;
                case ILocalReferenceOperation local when _flatMatrices.ContainsKey(local.Local):
                    Report(DiagnosticDescriptors.UnsupportedLocalArray, target.Syntax.GetLocation(), local.Local.Name, "it cannot be reassigned; assign its elements instead");
                    return null;
                case ILocalReferenceOperation local when _tupleLocals.ContainsKey(local.Local):
                    Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(),
                        "'" + local.Local.Name + "' is a tuple local; assign it as a statement of its own, " + local.Local.Name + " = (a, b);, or assign its elements");
                    return null;
                case ILocalReferenceOperation local when _views.ContainsKey(local.Local):
                    Report(DiagnosticDescriptors.UnsupportedLocalArray, target.Syntax.GetLocation(), local.Local.Name, "it is a view of another array or span; it cannot be reassigned (declare another local for another view)");
                    return null;
                case ILocalReferenceOperation local:
                    if (!_variables.TryGetValue(local.Local, out Variable? variable))
                    {
                        if (_rejectedLocals.Contains(local.Local)) return null; // reported where it was declared
                        Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "this local is not supported");
                        return null;
                    }

                    if (variable.Type.IsSequence || variable.Type.IsRealGrid)
                    {
                        Report(DiagnosticDescriptors.UnsupportedLocalArray, target.Syntax.GetLocation(), variable.Name, "it cannot be reassigned; assign its elements instead");
                        return null;
                    }

                    return new VarRef(variable);
                case IParameterReferenceOperation parameter when _parameterAliases.ContainsKey(parameter.Parameter):
                    Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "array and span parameters cannot be reassigned");
                    return null;
                case IParameterReferenceOperation parameter when !_variables.ContainsKey(parameter.Parameter):
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "the primary constructor's parameter '" + parameter.Parameter.Name + "'", "Compute into a local and return the value instead.");
                    return null;
                case IParameterReferenceOperation parameter:
                    {
                        Variable parameterVariable = _variables[parameter.Parameter];
                        if (parameter.Parameter.RefKind is RefKind.Ref or RefKind.Out)
                        {
                            Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "the " + (parameter.Parameter.RefKind == RefKind.Ref ? "ref" : "out") + " parameter '" + parameter.Parameter.Name + "'", "Return the value instead.");
                            return null;
                        }

                        if (!parameterVariable.Type.IsScalar || parameterVariable.Type.Scalar == ScalarKind.Other)
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "array, span and object parameters cannot be reassigned");
                            return null;
                        }

                        return new VarRef(parameterVariable);
                    }

                case IArrayElementReferenceOperation element when element.Indices.Length == 1:
                    return LowerElementTarget(element.ArrayReference, element.Indices[0], target);
                case IArrayElementReferenceOperation element when element.Indices.Length == 2:
                    return LowerMatrixTarget(element, target);
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when IsSpanType(indexer.Property.ContainingType) && indexer.Arguments.Length == 1 && indexer.Instance is not null:
                    return LowerElementTarget(indexer.Instance, indexer.Arguments[0].Value, target);
                case IFieldReferenceOperation field when TryLowerTupleElementTarget(field, out Expr? element):
                    return element;
                case IFieldReferenceOperation field:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), (field.Field.IsStatic ? "the static field '" : "the field '") + field.Field.Name + "'", "Compute into a local and return the value.");
                    return null;
                case IPropertyReferenceOperation property:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), (property.Property.IsStatic ? "the static property '" : "the property '") + property.Property.Name + "'", "Compute into a local and return the value.");
                    return null;
                default:
                    Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "GradGen can assign locals, by-value parameters and elements of local arrays");
                    return null;
            }
        }

        private Expr? LowerElementTarget(IOperation sequence, IOperation index, IOperation target)
        {
            if (WithoutConversions(sequence) is ILocalReferenceOperation viewed && _views.ContainsKey(viewed.Local))
            {
                return LowerViewTarget(viewed.Local, index, target);
            }

            Expr? indexValue = LowerExpression(index);
            switch (sequence)
            {
                case ILocalReferenceOperation local when _variables.TryGetValue(local.Local, out Variable? variable) && variable.Type.IsSequence:
                    if (indexValue is not null && _effects is not null && IrWalker.ReadsVariable(indexValue, variable))
                    {
                        // a[(int)a[0]] = v: the write changes what the index reads, and the reverse sweep needs the element
                        // written. The index is read once, before the value, as C# evaluates it.
                        indexValue = ReadOnce(indexValue, "_" + variable.Name + "Index", _effects);
                    }

                    return indexValue is null ? null : new ElementAccess(new VarRef(variable), ArrayIndex(indexValue));
                case IParameterReferenceOperation parameter when _parameterAliases.TryGetValue(parameter.Parameter, out Expr? alias)
                    && AliasedBuffer(alias) is { } buffer:
                    // An array or span parameter of an inlined local function that names a local buffer: its elements are the buffer's.
                    return indexValue is null ? null : new ElementAccess(buffer, ArrayIndex(indexValue));
                case IParameterReferenceOperation parameter:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "an element of the parameter '" + parameter.Parameter.Name + "', which belongs to the caller", "Copy it into a local buffer (stackalloc or new) and change that.");
                    return null;
                case ILocalReferenceOperation local when _rowAliases.ContainsKey(local.Local):
                case IArrayElementReferenceOperation:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "an element of '" + sequence.Syntax + "', a row of the caller's data", "Copy it into a local buffer (stackalloc or new) and change that.");
                    return null;
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "an element of '" + sequence.Syntax + "', which belongs to the object", "Copy it into a local buffer (stackalloc or new) and change that.");
                    return null;
                default:
                    Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "GradGen can assign elements of local arrays and spans");
                    return null;
            }
        }

        private void LowerWhile(IWhileLoopOperation loop, List<Stmt> output)
        {
            if (loop.ConditionIsUntil)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "an until loop", "use while");
                return;
            }

            var conditionEffects = new List<Stmt>();
            Expr? condition = loop.Condition is null ? null : WithEffects(conditionEffects, () => LowerExpression(loop.Condition));
            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;
            if (loop.Condition is not null && condition is null) return;
            if (conditionEffects.Count > 0)
            {
                // while (--k > 0) body  ==>  while (true) { --k; if (!(k > 0)) break; body }
                if (!loop.ConditionIsTop)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, loop.Condition!.Syntax.GetLocation(), Abbreviate(loop.Condition.Syntax),
                        "a do loop's condition cannot assign (continue would skip the assignment); use a while loop");
                    return;
                }

                output.Add(new Loop(LoopForm.While, Block.Empty, null, WithConditionFirst(conditionEffects, condition!, body), Block.Empty));
                return;
            }

            output.Add(new Loop(loop.ConditionIsTop ? LoopForm.While : LoopForm.DoWhile, Block.Empty, condition, body, Block.Empty));
        }

        private void LowerFor(IForLoopOperation loop, List<Stmt> output)
        {
            var initializer = new List<Stmt>();
            _blockDepth++;
            foreach (IOperation before in loop.Before)
            {
                LowerStatement(before, initializer);
            }

            var conditionEffects = new List<Stmt>();
            Expr? condition = loop.Condition is null ? null : WithEffects(conditionEffects, () => LowerExpression(loop.Condition));
            bool conditionFailed = loop.Condition is not null && condition is null;
            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            if (conditionEffects.Count > 0 && !conditionFailed)
            {
                // The condition's assignments run before each test, as the first statements of the body.
                body = WithConditionFirst(conditionEffects, condition!, body);
                condition = null;
            }

            var increment = new List<Stmt>();
            foreach (IOperation bottom in loop.AtLoopBottom)
            {
                LowerStatement(bottom, increment);
            }

            _loopDepth--;
            _blockDepth--;
            if (conditionFailed) return;
            output.Add(new Loop(LoopForm.For, new Block(initializer.ToEquatableArray()), condition, body, new Block(increment.ToEquatableArray())));
        }

        /// <summary><c>for (Initializer; index &lt; count; index++) body</c>: how foreach loops over a collection's indices.</summary>
        private static Loop IndexLoop(List<Stmt> initializer, Variable index, Expr count, IEnumerable<Stmt> body) =>
            new(LoopForm.For, new Block(initializer.ToEquatableArray()),
                new Binary(BinaryOp.LessThan, new VarRef(index), count, TypeRef.Boolean), new Block(body.ToEquatableArray()), Block.Of(Increment(index)));

        /// <summary><c>index = index + 1</c>.</summary>
        private static Stmt Increment(Variable index) =>
            new Assign(new VarRef(index), new Binary(BinaryOp.Add, new VarRef(index), new IntConst(1, ScalarKind.Int32), TypeRef.Int32));

        /// <summary><paramref name="value"/> read once: itself when it is a variable, otherwise a local declared in
        /// <paramref name="initializer"/> (as C# evaluates a foreach collection once).</summary>
        private Expr ReadOnce(Expr value, string name, List<Stmt> initializer)
        {
            if (value is VarRef) return value;
            var copy = new Variable(_nextId++, NextTempName(name), value.Type, VariableKind.Synthetic);
            initializer.Add(new Declare(copy, value));
            return new VarRef(copy);
        }

        /// <summary>An array, span or row of jagged data read once: a variable as it is; a row of data in place by its index,
        /// which is read into a local unless it is a constant or one already fixed; anything else into a local.</summary>
        private Expr ReadSequenceOnce(Expr sequence, List<Stmt> initializer)
        {
            switch (sequence)
            {
                case VarRef or ElementAccess { Sequence: VarRef, Index: IntConst or VarRef { Var.Kind: VariableKind.Synthetic } }:
                    return sequence;
                case Cast { Operand: var operand } view when view.Type.IsSequence && operand.Type.IsSequence:
                    // An array seen as a span (a helper's span parameter bound to the caller's array): the array itself, read
                    // once as it is. A local holding the span would be a second name for the array, with an adjoint of its own.
                    return view with { Operand = ReadSequenceOnce(operand, initializer) };
                case ElementAccess { Sequence: VarRef } row:
                    var rowIndex = new Variable(_nextId++, NextTempName("_row"), row.Index.Type, VariableKind.Synthetic);
                    initializer.Add(new Declare(rowIndex, row.Index));
                    return row with { Index = new VarRef(rowIndex) };
                default:
                    return ReadOnce(sequence, "_sequence", initializer);
            }
        }

        /// <summary>A loop body that first runs its condition's assignments and leaves when the condition is false.</summary>
        private static Block WithConditionFirst(List<Stmt> effects, Expr condition, Block body)
        {
            var statements = new List<Stmt>(effects)
            {
                new If(new Unary(UnaryOp.Not, condition, TypeRef.Boolean), Block.Of(new Break()), Block.Empty),
            };
            statements.AddRange(body.Statements);
            return new Block(statements.ToEquatableArray());
        }

        /// <summary>The locals the collections of the foreach loops being lowered name (<c>a</c>, <c>a.AsSpan(1)</c>): C# iterates
        /// the array a collection held when the loop began, even from a local function called in the loop.</summary>
        private readonly List<ILocalSymbol> _iterated = new();

        private void LowerForEach(IForEachLoopOperation loop, List<Stmt> output)
        {
            int before = _iterated.Count;
            foreach (IOperation part in loop.Collection.DescendantsAndSelf())
            {
                if (part is ILocalReferenceOperation named) _iterated.Add(named.Local);
            }

            try
            {
                LowerForEachOfCollection(loop, output);
            }
            finally
            {
                _iterated.RemoveRange(before, _iterated.Count - before);
            }
        }

        private void LowerForEachOfCollection(IForEachLoopOperation loop, List<Stmt> output)
        {
            IOperation collection = loop.Collection;
            while (collection is IConversionOperation { IsImplicit: true } conversion)
            {
                collection = conversion.Operand;
            }

            if (LowerForEachOfTuples(loop, collection, output)) return;
            if (IsExplicitView(collection))
            {
                LowerForEachOfView(loop, collection, output);
                return;
            }

            TypeRef? collectionType = SymbolFacts.Classify(collection.Type);
            if (collectionType is { Shape: Shape.Jagged } && loop.LoopControlVariable is IVariableDeclaratorOperation row
                && SymbolFacts.Classify(row.Symbol.Type) is { IsSequence: true } rowType && rowType.Scalar == collectionType.Value.Scalar)
            {
                LowerForEachRow(loop, row, collection, output);
                return;
            }

            if (collectionType is null && ListRow(collection.Type) is { } listRow && loop.LoopControlVariable is IVariableDeclaratorOperation listRowVariable
                && SymbolFacts.Classify(listRowVariable.Symbol.Type) is { IsSequence: true })
            {
                LowerForEachOfListRows(loop, listRowVariable, collection, listRow, output);
                return;
            }

            if (collectionType is not { IsSequence: true } && ListElement(collection.Type) is { } listElement && loop.LoopControlVariable is IVariableDeclaratorOperation item)
            {
                LowerForEachOfList(loop, item, collection, listElement, output);
                return;
            }

            if (collectionType is not { IsSequence: true } || loop.LoopControlVariable is not IVariableDeclaratorOperation control)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop",
                    "GradGen iterates arrays and spans of double, float, int, long or bool with a single loop variable; use a for loop over an index");
                return;
            }

            TypeRef? elementType = SymbolFacts.Classify(control.Symbol.Type);
            Expr? sequence = LowerExpression(collection);
            if (elementType is not { IsScalar: true } || sequence is null)
            {
                if (sequence is not null)
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop", "its loop variable must be a number");
                }

                return;
            }

            var initializer = new List<Stmt>();
            sequence = ReadSequenceOnce(sequence, initializer);

            var index = new Variable(_nextId++, NextTempName("_i"), TypeRef.Int32, VariableKind.Synthetic);
            initializer.Add(new Declare(index, new IntConst(0, ScalarKind.Int32)));
            var element = new Variable(_nextId++, control.Symbol.Name, elementType.Value, VariableKind.Local);
            _variables[control.Symbol] = element;

            Expr current = new ElementAccess(sequence, new VarRef(index));
            if (current.Type != elementType.Value)
            {
                // foreach (float v in doubles) converts explicitly, as C# does; a widening one is written implicitly.
                bool widening = collection.Type is { } collectionSymbol && ElementTypeOf(collectionSymbol) is { } elementSymbol
                    && _semanticModel.Compilation.ClassifyConversion(elementSymbol, control.Symbol.Type).IsImplicit;
                current = new Cast(current, elementType.Value, IsImplicit: widening);
            }

            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;

            var statements = new List<Stmt> { new Declare(element, current) };
            statements.AddRange(body.Statements);
            output.Add(IndexLoop(initializer, index, new LengthOf(sequence), statements));
        }

        private void LowerThrow(IThrowOperation thrown, List<Stmt> output)
        {
            IOperation? exception = thrown.Exception;
            while (exception is IConversionOperation { IsImplicit: true } conversion)
            {
                exception = conversion.Operand;
            }

            if (exception is IObjectCreationOperation { Constructor: not null, Initializer: null, Type: not null } creation)
            {
                var arguments = new List<ConstantValue>();
                bool allConstant = true;
                foreach (IArgumentOperation argument in creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
                {
                    ConstantValue? value = argument.Value.ConstantValue.HasValue ? SymbolFacts.ConstantOf(argument.Value.ConstantValue.Value, argument.Value.Type) : null;
                    if (value is null || argument.ArgumentKind == ArgumentKind.ParamArray)
                    {
                        allConstant = false;
                        break;
                    }

                    arguments.Add(value);
                }

                if (allConstant)
                {
                    if (NameOf(creation.Type!, creation.Syntax) is { } thrownType) output.Add(new Throw(thrownType, arguments.ToEquatableArray()));
                    return;
                }
            }

            Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(thrown.Syntax), "this throw", "throw a new exception with constant arguments, such as throw new ArgumentException(\"message\", nameof(x))");
        }

        /// <summary>The element type of an array or a span type, or null.</summary>
        private static ITypeSymbol? ElementTypeOf(ITypeSymbol collection) => collection switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } span => span.TypeArguments[0],
            _ => null,
        };
    }
}
