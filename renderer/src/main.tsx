import '@mantine/core/styles.css';
import './app.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/createClient.ts';
import { EngineContext } from './api/EngineContext.tsx';
import { App } from './frame/App.tsx';
import { JobsProvider } from './frame/jobs.tsx';
import { ShellProvider } from './frame/shell.tsx';
import { ToastProvider } from './frame/toasts.tsx';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontSizes: { xs: '11px', sm: '13px', md: '14px', lg: '16px', xl: '18px' },
  components: { Button: { defaultProps: { size: 'xs' } } },
});

const client = createClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <EngineContext.Provider value={client}>
        <ToastProvider>
          <JobsProvider>
            <ShellProvider>
              <App />
            </ShellProvider>
          </JobsProvider>
        </ToastProvider>
      </EngineContext.Provider>
    </MantineProvider>
  </StrictMode>,
);
