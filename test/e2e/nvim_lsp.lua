-- Run by nvim_lsp_test.py inside `nvim --headless`: Neovim's own LSP client
-- (0.7 API: vim.lsp.start_client, vim.lsp.buf_attach_client) on
-- async-clangd. Opens $PROJECT/src/jobs.cpp, waits for the async-*
-- diagnostics, asks for the code actions at the discarded task, applies
-- "insert 'co_await '" and writes what it saw to $RESULT as JSON.

local result = { diagnostics = {}, actions = {}, steps = {} }
local function step(s) table.insert(result.steps, s) end
local function finish(code)
  local f = io.open(os.getenv('RESULT'), 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

local ok, err = pcall(function()
  local root = os.getenv('PROJECT')
  local timeout = tonumber(os.getenv('WAIT_MS') or '90000')
  local id = vim.lsp.start_client({
    name = 'async-clangd',
    cmd = { os.getenv('ASYNC_CLANGD'), '--background-index=false', '-j=1',
            '--pch-storage=memory', '--log=error' },
    root_dir = root,
  })
  if not id then
    step('start_client failed')
    return finish(2)
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/src/jobs.cpp'))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, id)
  step('attached')

  local function async_diags()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data and d.user_data.lsp) or {}
      local code = lsp.code or d.code
      if code and tostring(code):match('^async%-') then
        table.insert(found, { line = d.lnum + 1, code = code, lsp = lsp,
                              message = d.message, source = d.source,
                              range = { start = { line = d.lnum, character = d.col },
                                        ['end'] = { line = d.end_lnum or d.lnum,
                                                    character = d.end_col or d.col } } })
      end
    end
    return found
  end
  vim.wait(timeout, function() return #async_diags() >= 2 end, 100)
  for _, d in ipairs(async_diags()) do
    table.insert(result.diagnostics,
                 { line = d.line, code = d.code, message = d.message, source = d.source })
  end
  step('diagnostics: ' .. #result.diagnostics)

  local unawaited
  for _, d in ipairs(async_diags()) do
    if d.code == 'async-unawaited-coroutine' then unawaited = d end
  end
  if not unawaited then return finish(1) end
  local lsp_diag = unawaited.lsp
  if not lsp_diag.range then
    -- Neovim 0.7 keeps no copy of the LSP diagnostic: rebuild it (clangd
    -- finds the fixes by range and message).
    lsp_diag = { range = unawaited.range,
                 message = unawaited.message, code = unawaited.code,
                 source = unawaited.source, severity = 2 }
  end
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction',
                                             params, timeout)
  local fix
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(result.actions, action.title)
      if action.title == "insert 'co_await '" then fix = action end
    end
  end
  step('code actions: ' .. #result.actions)
  if fix and fix.edit then
    vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
    result.fixed_line = vim.api.nvim_buf_get_lines(buf, unawaited.line - 1,
                                                   unawaited.line, false)[1]
    step('applied')
  end
  vim.lsp.stop_client(id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(id) end, 100)
  finish(0)
end)
if not ok then
  step('error: ' .. tostring(err))
  finish(3)
end
